package dev.asyncloop.core.internal;

import java.util.List;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingListener;
import dev.asyncloop.core.NeverAwaited;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.UnretrievedException;

/**
 * Every finding as a JDK Flight Recorder event, so that a recording opened in JDK
 * Mission Control shows asyncloop's findings on the timeline beside the JVM's own
 * events. Costs nothing while no recording runs: an event not enabled is not built.
 */
public final class JfrFindingEvents implements FindingListener {

	private static final int FRAMES = 32;

	/**
	 * Registers the event types, so that recordings know them from the start.
	 * @return the listener to add to an engine's findings
	 */
	public static JfrFindingEvents register() {
		FlightRecorder.register(SlowCallbackEvent.class);
		FlightRecorder.register(BlockingCallEvent.class);
		FlightRecorder.register(NeverAwaitedEvent.class);
		FlightRecorder.register(UnretrievedExceptionEvent.class);
		return new JfrFindingEvents();
	}

	/**
	 * Whether this JVM has the JDK Flight Recorder.
	 */
	public static boolean isAvailable() {
		try {
			Class.forName("jdk.jfr.FlightRecorder");
			return FlightRecorder.isAvailable();
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	@Override
	public void recorded(Finding finding) {
		if (finding instanceof SlowCallback slow) {
			emit(slow);
		}
		else if (finding instanceof BlockingCall blocking) {
			BlockingCallEvent event = new BlockingCallEvent();
			if (event.isEnabled()) {
				event.call = blocking.call();
				event.thread = blocking.thread();
				event.executor = blocking.executor();
				event.task = blocking.task();
				event.blocked = (blocking.duration() != null) ? blocking.duration().toNanos() : 0;
				event.stack = frames(blocking.stack());
				event.commit();
			}
		}
		else if (finding instanceof NeverAwaited never) {
			NeverAwaitedEvent event = new NeverAwaitedEvent();
			if (event.isEnabled()) {
				event.method = never.name();
				event.type = never.type();
				event.createdAt = frames(never.createdAt());
				event.commit();
			}
		}
		else if (finding instanceof UnretrievedException lost) {
			UnretrievedExceptionEvent event = new UnretrievedExceptionEvent();
			if (event.isEnabled()) {
				event.task = lost.task();
				event.executor = lost.executor();
				event.exception = lost.exception();
				event.stack = frames(lost.stack());
				event.commit();
			}
		}
	}

	@Override
	public void updated(Finding previous, Finding current) {
		if (current instanceof SlowCallback slow && slow.finished()) {
			emit(slow);
		}
	}

	private static void emit(SlowCallback slow) {
		SlowCallbackEvent event = new SlowCallbackEvent();
		if (event.isEnabled()) {
			event.task = slow.task();
			event.executor = slow.executor();
			event.thread = slow.thread();
			event.ran = slow.duration().toNanos();
			event.threshold = slow.threshold().toNanos();
			event.finished = slow.finished();
			event.stack = frames(slow.stack());
			event.commit();
		}
	}

	private static String frames(List<String> stack) {
		return String.join("\n", stack.subList(0, Math.min(FRAMES, stack.size())));
	}

	@Name("dev.asyncloop.SlowCallback")
	@Label("Slow Callback")
	@Category({ "asyncloop" })
	@Description("A task ran longer than its executor allows; recorded while it runs, and again when it ends")
	@StackTrace(false)
	static final class SlowCallbackEvent extends Event {

		@Label("Task")
		String task;

		@Label("Executor")
		String executor;

		@Label("Thread")
		String thread;

		@Label("Ran")
		@Timespan(Timespan.NANOSECONDS)
		long ran;

		@Label("Threshold")
		@Timespan(Timespan.NANOSECONDS)
		long threshold;

		@Label("Finished")
		boolean finished;

		@Label("Stack")
		String stack;

	}

	@Name("dev.asyncloop.BlockingCall")
	@Label("Blocking Call")
	@Category({ "asyncloop" })
	@Description("A blocking call or wait on a thread that must not block")
	@StackTrace(false)
	static final class BlockingCallEvent extends Event {

		@Label("Call")
		String call;

		@Label("Thread")
		String thread;

		@Label("Executor")
		String executor;

		@Label("Task")
		String task;

		@Label("Blocked")
		@Timespan(Timespan.NANOSECONDS)
		long blocked;

		@Label("Stack")
		String stack;

	}

	@Name("dev.asyncloop.NeverAwaited")
	@Label("Never Awaited")
	@Category({ "asyncloop" })
	@Description("A publisher assembled or returned by the application was never subscribed")
	@StackTrace(false)
	static final class NeverAwaitedEvent extends Event {

		@Label("Method")
		String method;

		@Label("Type")
		String type;

		@Label("Created At")
		String createdAt;

	}

	@Name("dev.asyncloop.UnretrievedException")
	@Label("Unretrieved Exception")
	@Category({ "asyncloop" })
	@Description("A task failed and nobody observed its exception")
	@StackTrace(false)
	static final class UnretrievedExceptionEvent extends Event {

		@Label("Task")
		String task;

		@Label("Executor")
		String executor;

		@Label("Exception")
		String exception;

		@Label("Stack")
		String stack;

	}

}
