package dev.asyncloop.scheduling;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

import dev.asyncloop.core.internal.QueueView;

/**
 * What a {@link ThreadPoolExecutor} (or a scheduled one) tells about its threads and
 * queue. Read on request only.
 *
 * @param pool the pool
 * @param queueHoldsTrackedTasks whether its queue holds asyncloop's tracked tasks
 * themselves (and can be listed), or wrappers that hide them
 * @param lifecycle Spring's executor bean around the pool, which pauses it while its
 * context is stopped; {@code null} for a plain pool
 */
record ThreadPoolState(ThreadPoolExecutor pool, boolean queueHoldsTrackedTasks,
		ExecutorConfigurationSupport lifecycle) implements QueueView {

	ThreadPoolState(ThreadPoolExecutor pool, boolean queueHoldsTrackedTasks) {
		this(pool, queueHoldsTrackedTasks, null);
	}

	/**
	 * The largest queue read whole when it can only be read by copying it: a
	 * scheduler's queue (a heap) copies itself, under the lock its producers and
	 * threads take, to be iterated; millions of tasks would cost a request hundreds of
	 * milliseconds and as many megabytes.
	 */
	static final int MAX_COPIED = 10_000;

	/**
	 * The threads the pool has now (not its configured size: a pool starts its threads
	 * as tasks come).
	 */
	@Override
	public int threads() {
		return this.pool.getPoolSize();
	}

	/**
	 * The queue, or only its head when reading it whole would copy more than
	 * {@link #MAX_COPIED} tasks.
	 */
	@Override
	public Iterable<?> queue() {
		if (!this.queueHoldsTrackedTasks) {
			return List.of();
		}
		BlockingQueue<Runnable> queue = this.pool.getQueue();
		if (iteratesInPlace(queue) || queue.size() <= MAX_COPIED) {
			return queue;
		}
		Object head = queue.peek();
		return (head != null) ? List.of(head) : List.of();
	}

	/**
	 * The queue's head, by {@code peek()}: a scheduler's queue copies itself to be
	 * iterated.
	 */
	@Override
	public Object head() {
		return this.queueHoldsTrackedTasks ? this.pool.getQueue().peek() : null;
	}

	@Override
	public int queued() {
		return this.pool.getQueue().size();
	}

	/**
	 * A scheduler's tasks not due yet: none when the one due first is due already and
	 * the queue is too large to be read without copying it (they count as queued then).
	 */
	@Override
	public int scheduled() {
		if (!(this.pool instanceof ScheduledThreadPoolExecutor)) {
			return 0;
		}
		BlockingQueue<Runnable> queue = this.pool.getQueue();
		if (!(queue.peek() instanceof Delayed first)) {
			return 0;
		}
		if (notDue(first)) {
			return queue.size(); // the one due first is not due: none is
		}
		if (queue.size() > MAX_COPIED) {
			return 0;
		}
		int scheduled = 0;
		for (Runnable task : queue) {
			if (task instanceof Delayed delayed && notDue(delayed)) {
				scheduled++;
			}
		}
		return scheduled;
	}

	/**
	 * Paused by Spring's lifecycle: the bean is not running, although its pool is not
	 * shut down.
	 */
	@Override
	public boolean paused() {
		return this.lifecycle != null && !this.lifecycle.isRunning() && !this.pool.isShutdown();
	}

	/** Read in microseconds: the loop's own tasks note a delay read in nanoseconds as their take. */
	private static boolean notDue(Delayed task) {
		return task.getDelay(TimeUnit.MICROSECONDS) > 0;
	}

	/** Whether iterating {@code queue} walks it in place (weakly consistent) rather than a copy. */
	private static boolean iteratesInPlace(BlockingQueue<?> queue) {
		return queue instanceof LinkedBlockingQueue || queue instanceof LinkedBlockingDeque
				|| queue instanceof ArrayBlockingQueue || queue instanceof LinkedTransferQueue
				|| queue instanceof SynchronousQueue;
	}

}
