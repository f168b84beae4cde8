package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.List;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

import dev.asyncloop.core.Finding;

/**
 * The JDK Flight Recorder event of each kind of finding, and how a finding fills it.
 * Their names ({@code dev.asyncloop.SlowCallback}, ...) are what recordings and
 * JDK Mission Control show.
 * <p>
 * A finding names its thread; an event carries the thread itself ({@code thread}, a
 * {@link Thread} field, which JDK Mission Control links to the thread's other events)
 * when one live thread of that name is found as the event is filled (see
 * {@link JfrThreads}), and the name in {@code threadName} always, since a thread may have
 * ended before its finding is reported. Events are filled only while a recording
 * enables them, so looking the thread up costs nothing otherwise. The JVM's own
 * {@code eventThread} of these events is asyncloop's listener thread, not the
 * finding's.
 */
final class JfrFindingEventTypes {

	/** Frames of a stack an event keeps. */
	private static final int FRAMES = 32;

	private JfrFindingEventTypes() {
	}

	static long nanos(Finding finding, String attribute) {
		Duration duration = (Duration) finding.attributes().get(attribute);
		return (duration != null) ? duration.toNanos() : 0;
	}

	static String text(Finding finding, String attribute) {
		return (String) finding.attributes().get(attribute);
	}

	static String frames(List<String> stack) {
		return String.join("\n", stack.subList(0, Math.min(FRAMES, stack.size())));
	}

	/**
	 * The event of one kind of finding, filled only when a recording wants it.
	 */
	abstract static class FindingEvent extends Event {

		@Label("Trace Id")
		@Description("The trace of the request the finding is about, when the application traces requests")
		String traceId;

		@Label("Span Id")
		String spanId;

		/**
		 * JFR's API sets an event's start only to the moment {@code begin()} is called,
		 * which for asyncloop is when it found the mistake; this is when the mistake began.
		 */
		@Label("Began")
		@Description("When the mistake began: the slow task's or the blocking call's start, a failure, the return of a publisher")
		@Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
		long began;

		abstract void fill(Finding finding, JfrThreads threads);

	}

	/**
	 * The event of a finding that happened on a thread: the thread, its name, and its
	 * stack there.
	 */
	abstract static class OnThreadEvent extends FindingEvent {

		@Label("Thread")
		@Description("The thread the finding is about, while it is alive")
		Thread thread;

		@Label("Thread Name")
		String threadName;

		@Label("Stack")
		String stack;

		void fillThread(Finding finding, JfrThreads threads) {
			this.thread = threads.named(finding.thread());
			this.threadName = finding.thread();
			this.stack = frames(finding.stack());
		}

	}

	@Name("dev.asyncloop.SlowCallback")
	@Label("Slow Callback")
	@Category({ "asyncloop" })
	@Description("A task ran longer than its executor allows; recorded while it runs, and again when it ends")
	@StackTrace(false)
	static final class SlowCallbackEvent extends OnThreadEvent {

		@Label("Task")
		String task;

		@Label("Executor")
		String executor;

		@Label("Ran")
		@Timespan(Timespan.NANOSECONDS)
		long ran;

		@Label("Threshold")
		@Timespan(Timespan.NANOSECONDS)
		long threshold;

		@Label("Finished")
		boolean finished;

		@Override
		void fill(Finding finding, JfrThreads threads) {
			this.task = finding.subject();
			this.executor = finding.executor();
			fillThread(finding, threads);
			this.ran = nanos(finding, "duration");
			this.threshold = nanos(finding, "threshold");
			this.finished = finding.finished();
		}

	}

	@Name("dev.asyncloop.BlockingCall")
	@Label("Blocking Call")
	@Category({ "asyncloop" })
	@Description("A blocking call or wait on a thread that must not block")
	@StackTrace(false)
	static final class BlockingCallEvent extends OnThreadEvent {

		@Label("Call")
		String call;

		@Label("Executor")
		String executor;

		@Label("Task")
		String task;

		@Label("Blocked")
		@Timespan(Timespan.NANOSECONDS)
		long blocked;

		@Override
		void fill(Finding finding, JfrThreads threads) {
			this.call = finding.subject();
			fillThread(finding, threads);
			this.executor = finding.executor();
			this.task = text(finding, "task");
			this.blocked = nanos(finding, "duration");
		}

	}

	@Name("dev.asyncloop.NeverAwaited")
	@Label("Never Awaited")
	@Category({ "asyncloop" })
	@Description("A publisher assembled or returned by the application was never subscribed")
	@StackTrace(false)
	static final class NeverAwaitedEvent extends FindingEvent {

		@Label("Method")
		String method;

		@Label("Type")
		String type;

		@Label("Created At")
		String createdAt;

		@Override
		void fill(Finding finding, JfrThreads threads) {
			this.method = finding.subject();
			this.type = text(finding, "type");
			this.createdAt = frames(finding.createdAt());
		}

	}

	@Name("dev.asyncloop.UnretrievedException")
	@Label("Unretrieved Exception")
	@Category({ "asyncloop" })
	@Description("A task failed and nobody observed its exception")
	@StackTrace(false)
	static final class UnretrievedExceptionEvent extends FindingEvent {

		@Label("Task")
		String task;

		@Label("Executor")
		String executor;

		@Label("Exception")
		String exception;

		@Label("Stack")
		String stack;

		@Override
		void fill(Finding finding, JfrThreads threads) {
			this.task = finding.subject();
			this.executor = finding.executor();
			this.exception = text(finding, "exception");
			this.stack = frames(finding.stack());
		}

	}

	@Name("dev.asyncloop.ThreadSafety")
	@Label("Thread Safety")
	@Category({ "asyncloop" })
	@Description("Signals raced from two threads into a sink or subscriber that takes them one at a time")
	@StackTrace(false)
	static final class ThreadSafetyEvent extends OnThreadEvent {

		@Label("Operation")
		String operation;

		@Label("Subject")
		String subject;

		@Label("Other Thread")
		@Description("The thread that was inside at the same time, while it is alive")
		Thread otherThread;

		@Label("Other Thread Name")
		String otherThreadName;

		@Label("Lost")
		boolean lost;

		@Override
		void fill(Finding finding, JfrThreads threads) {
			this.operation = text(finding, "operation");
			this.subject = finding.subject();
			fillThread(finding, threads);
			this.otherThread = threads.named(text(finding, "otherThread"));
			this.otherThreadName = text(finding, "otherThread");
			this.lost = Boolean.TRUE.equals(finding.attributes().get("lost"));
		}

	}

	@Name("dev.asyncloop.ResourceLeak")
	@Label("Resource Leak")
	@Category({ "asyncloop" })
	@Description("A buffer collected without release, or a pooled connection held without traffic")
	@StackTrace(false)
	static final class ResourceLeakEvent extends FindingEvent {

		@Label("Resource")
		String resource;

		@Label("Request")
		String request;

		@Label("Held")
		@Timespan(Timespan.NANOSECONDS)
		long held;

		@Label("Stack")
		String stack;

		@Override
		void fill(Finding finding, JfrThreads threads) {
			this.resource = finding.subject();
			this.request = text(finding, "request");
			this.held = nanos(finding, "duration");
			this.stack = frames(finding.where());
		}

	}
}
