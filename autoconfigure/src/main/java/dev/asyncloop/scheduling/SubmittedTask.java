package dev.asyncloop.scheduling;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * A task given to {@code submit(...)} of an application's executor: the tracked task
 * the executor queues and the future the caller gets, in one object, as the JDK's
 * {@code FutureTask} is both. So what the executor hands back stays a future, where
 * an application expects one: in {@code shutdownNow()}'s list, in a
 * {@code ThreadPoolExecutor}'s {@code afterExecute}, to {@code remove} or
 * {@code purge}. The outcome is kept by a {@link WorkerFuture}, which notices a
 * failure nobody observes.
 *
 * @param <V> the result type
 */
final class SubmittedTask<V> extends TrackedTask implements RunnableFuture<V> {

	private final WorkerFuture<V> future;

	SubmittedTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, WorkerFuture<V> future) {
		super(tracking, monitor, source);
		this.future = future;
	}

	/**
	 * The future holds a failure; it counts the run as failed itself.
	 */
	@Override
	protected boolean runTask() {
		this.future.run();
		return true;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		return this.future.cancel(mayInterruptIfRunning);
	}

	@Override
	public boolean isCancelled() {
		return this.future.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.future.isDone();
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		return this.future.get();
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return this.future.get(timeout, unit);
	}

}
