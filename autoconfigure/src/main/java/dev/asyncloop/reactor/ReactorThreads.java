package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.scheduler.NonBlocking;

import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.ExecutorDirectory;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.ExecutorResolver;
import dev.asyncloop.core.internal.QueueView;
import dev.asyncloop.core.internal.ThreadSlots;

/**
 * Tells which Reactor executor a thread belongs to, from what Reactor makes of its
 * threads: {@code parallel-N} and {@code single-N} are non-blocking
 * ({@link NonBlocking}), {@code boundedElastic-N} may block, Reactor Netty's event
 * loops are non-blocking. A custom non-blocking scheduler's threads are reported as
 * {@code reactor-<name>}.
 */
final class ReactorThreads implements ExecutorResolver {

	static final String PARALLEL = "reactor-parallel";

	static final String SINGLE = "reactor-single";

	static final String BOUNDED_ELASTIC = "reactor-bounded-elastic";

	static final String NETTY = "netty";

	private final ExecutorDirectory executors;

	private final Supplier<Duration> longTaskDuration;

	ReactorThreads(ExecutorDirectory executors, Supplier<Duration> longTaskDuration) {
		this.executors = executors;
		this.longTaskDuration = longTaskDuration;
	}

	@Override
	public ExecutorMonitor resolve(Thread thread) {
		String name = executorName(thread);
		if (name == null) {
			return null;
		}
		return executor(name, name.equals(BOUNDED_ELASTIC) ? ExecutorKind.BLOCKING : ExecutorKind.NON_BLOCKING);
	}

	/**
	 * The Reactor executor {@code thread} belongs to, or {@code null}.
	 */
	static String executorName(Thread thread) {
		String name = thread.getName();
		boolean nonBlocking = thread instanceof NonBlocking;
		if (nonBlocking && thread.getClass().getName().startsWith("reactor.netty.")) {
			return NETTY;
		}
		if (name.startsWith("parallel-")) {
			return PARALLEL;
		}
		if (name.startsWith("single-")) {
			return SINGLE;
		}
		if (name.startsWith("boundedElastic-") && !name.startsWith("boundedElastic-evictor")) {
			return BOUNDED_ELASTIC;
		}
		return nonBlocking ? "reactor-" + prefix(name) : null;
	}

	/**
	 * The executor named {@code name}, registered on first need with a queue view that counts
	 * its live threads (Reactor's schedulers create and retire threads on their own).
	 */
	ExecutorMonitor executor(String name, ExecutorKind kind) {
		ExecutorMonitor executor = this.executors.registerIfAbsent(name, kind, this.longTaskDuration.get());
		if (executor.queueView() == QueueView.NONE) {
			executor.setQueueView(new LiveThreads(name));
		}
		return executor;
	}

	/**
	 * Counts, on request, the live threads of one Reactor executor.
	 */
	private record LiveThreads(String executor) implements QueueView {

		@Override
		public int threads() {
			int threads = 0;
			for (Thread thread : ThreadSlots.liveThreads()) {
				if (this.executor.equals(executorName(thread))) {
					threads++;
				}
			}
			return threads;
		}

	}

	/**
	 * {@code orders-3} → {@code orders}: the scheduler's name without the thread number.
	 */
	private static String prefix(String threadName) {
		int end = threadName.length();
		while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
			end--;
		}
		while (end > 0 && threadName.charAt(end - 1) == '-') {
			end--;
		}
		return (end > 0) ? threadName.substring(0, end) : threadName;
	}

}
