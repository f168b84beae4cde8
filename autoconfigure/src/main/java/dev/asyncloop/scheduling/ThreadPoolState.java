package dev.asyncloop.scheduling;

import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

import dev.asyncloop.core.internal.QueueView;

/**
 * What a {@link ThreadPoolExecutor} (or a scheduled one) tells about its threads and
 * queue. Read on request only.
 *
 * @param pool the pool
 * @param queueHoldsTrackedTasks whether its queue holds asyncloop's tracked tasks
 * themselves (and can be listed), or wrappers that hide them
 */
record ThreadPoolState(ThreadPoolExecutor pool, boolean queueHoldsTrackedTasks) implements QueueView {

	@Override
	public int threads() {
		return Math.max(this.pool.getPoolSize(), this.pool.getCorePoolSize());
	}

	@Override
	public Iterable<?> queue() {
		return this.queueHoldsTrackedTasks ? this.pool.getQueue() : List.of();
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

}
