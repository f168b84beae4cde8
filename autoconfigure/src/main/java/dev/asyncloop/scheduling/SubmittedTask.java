package dev.asyncloop.scheduling;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;

/**
 * A task given to {@code submit(...)} of an application's executor, and the future
 * the caller gets. So what the executor hands back stays a future, where an
 * application expects one: in {@code shutdownNow()}'s list, in a
 * {@code ThreadPoolExecutor}'s {@code afterExecute}, to {@code remove} or
 * {@code purge}. The outcome is kept by a {@link WatchedFutureTask}, which notices a
 * failure nobody observes.
 *
 * @param <V> the result type
 */
final class SubmittedTask<V> extends TrackedRunnableFuture<V, WatchedFutureTask<V>> {

	SubmittedTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, WatchedFutureTask<V> future) {
		super(tracking, monitor, source, tracking.clock().now(), future);
	}

	/**
	 * The future holds a failure; it counts the run as failed itself.
	 */
	@Override
	protected boolean runTask() {
		this.future.run();
		return true;
	}

}
