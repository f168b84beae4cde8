package dev.asyncloop.blocking;

import java.time.Instant;
import java.util.function.Predicate;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.AsyncLoopViolationException;
import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.StackFrames;
import dev.asyncloop.core.internal.TraceContexts;
import dev.asyncloop.core.internal.TraceIds;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * {@code asyncloop.blocking.detector=blockhound}: BlockHound instruments the JDK's
 * blocking methods and calls back at the blocking call itself, on the blocking thread.
 * asyncloop tells it which threads are non-blocking and records what it reports; in
 * strict mode the call throws instead of blocking. BlockHound needs the JVM flag
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods} on Java 13 and later, and cannot be
 * uninstalled: after the application closes, the callback does nothing.
 */
public final class BlockHoundDetection implements AutoCloseable {

	private static volatile BlockHoundDetection current;

	private static volatile boolean installed;

	private final Engine engine;

	private BlockHoundDetection(Engine engine) {
		this.engine = engine;
	}

	/**
	 * Installs BlockHound once per JVM and directs its reports to {@code engine}.
	 */
	public static synchronized BlockHoundDetection install(Engine engine) {
		BlockHoundDetection detection = new BlockHoundDetection(engine);
		current = detection;
		if (!installed) {
			BlockHound.builder()
				// An idle executor thread waiting for its next task blocks nobody.
				.allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "getTask")
				.nonBlockingThreadPredicate((existing) -> existing.or(nonBlocking()))
				.blockingMethodCallback(BlockHoundDetection::blocked)
				.install();
			installed = true;
		}
		return detection;
	}

	private static Predicate<Thread> nonBlocking() {
		return (thread) -> {
			BlockHoundDetection detection = current;
			if (detection == null) {
				return false;
			}
			ExecutorMonitor executor = detection.engine.tracking().threads().executorOf(thread);
			return executor != null && executor.kind() == ExecutorKind.NON_BLOCKING;
		};
	}

	private static void blocked(BlockingMethod method) {
		BlockHoundDetection detection = current;
		if (detection != null) {
			detection.record(method);
		}
	}

	private void record(BlockingMethod method) {
		Thread thread = Thread.currentThread();
		ExecutorMonitor executor = this.engine.tracking().threads().executorOf(thread);
		String call = method.getClassName().replace('/', '.') + "." + method.getName();
		String executorName = (executor != null) ? executor.name() : thread.getName();
		TrackedTask task = this.engine.tracking().threads().currentTask();
		StackTraceElement[] stack = new Throwable().getStackTrace();
		TraceContexts traces = this.engine.findings().traces();
		Object trace = traces.of(task, thread);
		TraceIds ids = traces.ids(trace);
		this.engine.findings()
			.record(new BlockingCall(call, thread.getName(), executorName, null,
					StackFrames.render(stack, blockingFrame(stack)), (task != null) ? task.name() : null,
					Instant.now(), ids.traceId(), ids.spanId()), trace);
		if (this.engine.settings().isStrict()) {
			throw new AsyncLoopViolationException(call, thread.getName(), executorName);
		}
	}

	/**
	 * The first frame past BlockHound's callback and asyncloop's: the blocking method.
	 */
	private static int blockingFrame(StackTraceElement[] stack) {
		int index = 0;
		while (index < stack.length - 1 && (stack[index].getClassName().startsWith("reactor.blockhound.")
				|| stack[index].getClassName().startsWith(BlockHoundDetection.class.getName()))) {
			index++;
		}
		return index;
	}

	@Override
	public void close() {
		synchronized (BlockHoundDetection.class) {
			if (current == this) {
				current = null;
			}
		}
	}

}
