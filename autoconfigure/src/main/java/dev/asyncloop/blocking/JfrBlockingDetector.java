package dev.asyncloop.blocking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * Blocking calls on non-blocking threads, from the JDK's own Flight Recorder events:
 * sleeps, parks (which cover futures, locks and latches), monitor enters and waits,
 * socket and file reads and writes, and pinned virtual threads. No agent, no JVM
 * flag: the JDK records these events anyway when asked, each with its duration and
 * stack, and this stream keeps those longer than the threshold on threads that must
 * not block. Events arrive in batches, about once a second.
 */
public final class JfrBlockingDetector implements AutoCloseable {

	static final List<String> EVENTS = List.of("jdk.ThreadSleep", "jdk.ThreadPark", "jdk.JavaMonitorEnter",
			"jdk.JavaMonitorWait", "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite",
			"jdk.VirtualThreadPinned");

	/** The class of the lock HotSpot keeps for a class's initialisation. */
	private static final String CLASS_INITIALISATION_LOCK = "[I";

	/** Waits recorded at the call itself by the futures asyncloop hands out. */
	private static final String TRACKED_WAITS = "dev.asyncloop.scheduling.";

	/**
	 * Where executor threads wait for work when idle: a wait there blocks nobody.
	 */
	private static final List<String> IDLE_WAITS = List.of("java.util.concurrent.ThreadPoolExecutor.getTask",
			"java.util.concurrent.ForkJoinPool.awaitWork", "io.netty.util.concurrent.SingleThreadEventExecutor.takeTask",
			"io.netty.util.concurrent.SingleThreadEventExecutor.confirmShutdown");

	private static final int MAX_FRAMES = 64;

	private final Engine engine;

	private final Duration threshold;

	private final ThreadDirectory threads;

	private final Object flushes = new Object();

	private long flushCount;

	private RecordingStream stream;

	public JfrBlockingDetector(Engine engine, Duration threshold) {
		this.engine = engine;
		this.threshold = threshold;
		this.threads = new ThreadDirectory(engine.tracking().threads());
	}

	/**
	 * Whether this JVM can stream its Flight Recorder events.
	 */
	public static boolean isAvailable() {
		try {
			return FlightRecorder.isAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Starts the stream, on a thread of its own. Idempotent.
	 */
	public synchronized void start() {
		if (this.stream != null) {
			return;
		}
		Set<String> known = FlightRecorder.getFlightRecorder()
			.getEventTypes()
			.stream()
			.map(EventType::getName)
			.collect(Collectors.toSet());
		RecordingStream stream = new RecordingStream();
		for (String event : EVENTS) {
			if (known.contains(event)) {
				stream.enable(event).withThreshold(this.threshold).withStackTrace();
				stream.onEvent(event, this::onEvent);
			}
		}
		stream.onFlush(this::onFlush);
		stream.setReuse(true);
		stream.startAsync();
		this.stream = stream;
	}

	public synchronized boolean isRunning() {
		return this.stream != null;
	}

	/**
	 * Stops the stream. Idempotent.
	 */
	@Override
	public synchronized void close() {
		if (this.stream != null) {
			this.stream.close();
			this.stream = null;
		}
		synchronized (this.flushes) {
			this.flushes.notifyAll();
		}
	}

	/**
	 * Waits until every event that happened before this call has been delivered:
	 * two flushes of the stream after it, at most {@code timeout}.
	 */
	public void awaitDelivery(Duration timeout) {
		if (!isRunning()) {
			return;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.flushes) {
			long target = this.flushCount + 2;
			while (this.flushCount < target && isRunning()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				try {
					this.flushes.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void onFlush() {
		synchronized (this.flushes) {
			this.flushCount++;
			this.flushes.notifyAll();
		}
	}

	private void onEvent(RecordedEvent event) {
		try {
			RecordedThread thread = event.getThread();
			// Settings of all recordings in the JVM merge: another one may ask for shorter waits.
			if (thread == null || event.getDuration().compareTo(this.threshold) < 0
					|| this.engine.settings().isInStartupGrace(event.getEndTime())) {
				return;
			}
			ExecutorMonitor executor = this.threads.nonBlockingExecutor(thread.getJavaThreadId());
			if (executor == null) {
				return;
			}
			List<String> methods = new ArrayList<>();
			List<String> stack = frames(event.getStackTrace(), methods);
			if (isTrackedWait(event, methods) || isIdle(methods)) {
				return;
			}
			String name = event.getEventType().getName();
			if (isClassInitialisationWait(name, detail(event), methods)) {
				this.engine.findings()
					.warmUp()
					.count("wait of " + event.getDuration().toMillis() + " ms on " + thread.getJavaName()
							+ " for another thread to initialise a class", "class initialisation");
				return;
			}
			String call = BlockingCallNames.name(name, methods, detail(event),
					this.engine.applicationCode());
			StackTraceElement[] elements = elements(methods);
			// A wait while loading classes, or framework code blocking at a place for the
			// first time, is warm-up.
			Instant start = event.getStartTime();
			Instant end = event.getEndTime();
			if (this.engine.findings().warmUp().setsAside(elements, call + " on " + executor.name(), start, end,
					"blocking call " + call + " (" + event.getDuration().toMillis() + " ms) on " + thread.getJavaName())) {
				return;
			}
			// The task has usually ended by the time the event arrives: a slow callback
			// it caused names it; otherwise the application method the stack entered.
			SlowCallback slow = this.engine.findings().linkBlockingCall(thread.getJavaName(), start, end, call);
			String task = (slow != null) ? slow.task() : taskFromStack(elements);
			// The request it blocked is the slow callback's: the event arrives after the fact.
			this.engine.findings()
				.record(new BlockingCall(call, thread.getJavaName(), executor.name(), event.getDuration(), stack, task,
						end, (slow != null) ? slow.traceId() : null, (slow != null) ? slow.spanId() : null));
		}
		catch (Throwable ex) {
			this.engine.tracking().errors().report("reading a blocking event", ex);
		}
	}

	/**
	 * A park inside a future's {@code get()} or {@code join()} that asyncloop handed out
	 * was recorded where it was called, with the caller's stack.
	 */
	private static boolean isTrackedWait(RecordedEvent event, List<String> methods) {
		if (!event.getEventType().getName().equals("jdk.ThreadPark")) {
			return false;
		}
		for (String method : methods) {
			if (method.startsWith(TRACKED_WAITS) && (method.endsWith(".get") || method.endsWith(".join"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The application method a stack entered first, inward of asyncloop's task runner.
	 */
	private String taskFromStack(StackTraceElement[] frames) {
		int runner = frames.length - 1;
		for (int i = 0; i < frames.length; i++) {
			if (frames[i].getClassName().equals(TrackedTask.class.getName()) && frames[i].getMethodName().equals("run")) {
				runner = i;
				break;
			}
		}
		return this.engine.applicationCode().entryPoint(frames, runner);
	}

	/**
	 * Frames given as {@code Class.method}, as stack trace elements.
	 */
	private static StackTraceElement[] elements(List<String> methods) {
		StackTraceElement[] frames = new StackTraceElement[methods.size()];
		for (int i = 0; i < frames.length; i++) {
			String method = methods.get(i);
			int dot = method.lastIndexOf('.');
			frames[i] = new StackTraceElement(method.substring(0, dot), method.substring(dot + 1), null, -1);
		}
		return frames;
	}

	/**
	 * Whether a monitor wait is one the JVM made, not the code: a thread that needs a
	 * class another thread is linking or initialising waits on the class's lock (an
	 * {@code int[0]} in HotSpot), entering it ({@code synchronized ([I)}) or waiting on
	 * it with no {@code Object.wait} on its stack; either way its top frame is the code
	 * that touched the class. Event loops serving their first requests at once do this:
	 * it is warm-up.
	 */
	static boolean isClassInitialisationWait(String eventType, String monitorClass, List<String> methods) {
		if (eventType.equals("jdk.JavaMonitorEnter")) {
			return CLASS_INITIALISATION_LOCK.equals(monitorClass);
		}
		return eventType.equals("jdk.JavaMonitorWait")
				&& (methods.isEmpty() || !methods.get(0).startsWith("java.lang.Object.wait"));
	}

	private static boolean isIdle(List<String> methods) {
		for (String method : methods) {
			if (IDLE_WAITS.contains(method)) {
				return true;
			}
		}
		return false;
	}

	private static String detail(RecordedEvent event) {
		String type = event.getEventType().getName();
		if (type.equals("jdk.JavaMonitorEnter") && event.hasField("monitorClass")) {
			RecordedClass monitor = event.getClass("monitorClass");
			return (monitor != null) ? monitor.getName() : null;
		}
		return null;
	}

	/**
	 * The event's stack as reports show it; JFR frames have no file names, so the file
	 * is the outer class's name. {@code methods} receives each frame as {@code Class.method}.
	 */
	private static List<String> frames(RecordedStackTrace trace, List<String> methods) {
		List<String> frames = new ArrayList<>();
		if (trace == null) {
			return frames;
		}
		for (RecordedFrame frame : trace.getFrames()) {
			if (frames.size() == MAX_FRAMES) {
				break;
			}
			String type = frame.getMethod().getType().getName();
			String method = type + "." + frame.getMethod().getName();
			methods.add(method);
			String file = simpleOuterName(type) + ".java";
			String where = ("Native".equals(frame.getType()) || !frame.isJavaFrame()) ? "Native Method"
					: (frame.getLineNumber() >= 0) ? file + ":" + frame.getLineNumber() : file;
			frames.add(method + "(" + where + ")");
		}
		return frames;
	}

	private static String simpleOuterName(String type) {
		int dollar = type.indexOf('$');
		String outer = (dollar > 0) ? type.substring(0, dollar) : type;
		return outer.substring(outer.lastIndexOf('.') + 1);
	}

}
