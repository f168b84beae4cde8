package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.internal.TaskTracking;

/**
 * The future of {@code submit(...)} on the worker executor and on an application's
 * executor that asyncloop watches: a plain {@link FutureTask}, with its
 * interrupt-on-cancel semantics, that remembers whether its task failed and whether
 * anybody called {@code get()} to see how.
 *
 * @param <V> the result type
 */
class WatchedFutureTask<V> extends FutureTask<V> implements UnrunFailure {

	private static final VarHandle OUTCOME = OutcomeObservation.field(MethodHandles.lookup());

	private static final String GET = "java.util.concurrent.Future.get";

	private final TaskTracking tracking;

	@SuppressWarnings("unused") // accessed through OUTCOME
	private volatile Object outcome;

	WatchedFutureTask(TaskTracking tracking, Callable<V> callable) {
		super(callable);
		this.tracking = tracking;
	}

	WatchedFutureTask(TaskTracking tracking, Runnable runnable, V result) {
		super(runnable, result);
		this.tracking = tracking;
	}

	/**
	 * Called by {@link #run()}, on the thread that ran the task.
	 */
	@Override
	protected void setException(Throwable ex) {
		this.tracking.threads().currentTaskFailed();
		// Watched before anyone can see this future done.
		OutcomeObservation.failed(OUTCOME, this, this.tracking, this.tracking.threads().currentTask(), ex);
		super.setException(ex);
	}

	@Override
	public void fail(Throwable ex) {
		setException(ex);
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		return OutcomeObservation.await(OUTCOME, this, this.tracking, GET, super::get);
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return OutcomeObservation.await(OUTCOME, this, this.tracking, GET, () -> super.get(timeout, unit));
	}

	/**
	 * {@code Future.resultNow()} from Java 19 on, which {@link FutureTask} answers
	 * without {@code get()}; declared without {@code @Override} so that this class still
	 * compiles for Java 17.
	 */
	public V resultNow() {
		OutcomeObservation.observe(OUTCOME, this, this.tracking);
		if (!isDone() || isCancelled()) {
			throw new IllegalStateException("Task has not completed with a result");
		}
		try {
			return super.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Task completed with an exception");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code Future.exceptionNow()} from Java 19 on; see {@link #resultNow()}.
	 */
	public Throwable exceptionNow() {
		OutcomeObservation.observe(OUTCOME, this, this.tracking);
		if (!isDone() || isCancelled()) {
			throw new IllegalStateException("Task has not completed with an exception");
		}
		try {
			super.get();
			throw new IllegalStateException("Task completed with a result");
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
