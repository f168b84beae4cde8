package dev.asyncloop.scheduling;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * A tracked task that is also the future its submitter gets, in one object, as the
 * JDK's {@code FutureTask} is both: the executor queues it and hands it back where an
 * application expects a future. Every question about the outcome goes to the future
 * that runs the task and holds its outcome.
 *
 * @param <V> the result type
 * @param <F> the future that holds the outcome
 */
abstract class TrackedRunnableFuture<V, F extends Future<V>> extends TrackedTask implements RunnableFuture<V> {

	final F future;

	TrackedRunnableFuture(TaskTracking tracking, ExecutorMonitor monitor, Object source, long submittedAt, F future) {
		super(tracking, monitor, source, submittedAt);
		this.future = future;
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
