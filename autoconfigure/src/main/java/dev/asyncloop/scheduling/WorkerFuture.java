package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.internal.BlockingWaits;
import dev.asyncloop.core.internal.TaskTracking;

/**
 * The future of {@code submit(...)} on a worker executor: a plain
 * {@link FutureTask}, with its interrupt-on-cancel semantics, that remembers whether
 * its task failed and whether anybody called {@code get()} to see how.
 *
 * @param <V> the result type
 */
class WorkerFuture<V> extends FutureTask<V> {

	private static final VarHandle OUTCOME;

	static {
		try {
			OUTCOME = MethodHandles.lookup().findVarHandle(WorkerFuture.class, "outcome", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final String GET = "java.util.concurrent.Future.get";

	private final TaskTracking tracking;

	@SuppressWarnings("unused") // accessed through OUTCOME
	private volatile Object outcome;

	WorkerFuture(TaskTracking tracking, Callable<V> callable) {
		super(callable);
		this.tracking = tracking;
	}

	WorkerFuture(TaskTracking tracking, Runnable runnable, V result) {
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
		Outcome.failed(OUTCOME, this, this.tracking, this.tracking.threads().currentTask(), ex);
		super.setException(ex);
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		Outcome.observe(OUTCOME, this, this.tracking);
		if (isDone()) {
			return super.get();
		}
		BlockingWaits.Wait wait = this.tracking.blockingWaits().begin(GET);
		try {
			return super.get();
		}
		finally {
			this.tracking.blockingWaits().end(wait);
		}
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		Outcome.observe(OUTCOME, this, this.tracking);
		if (isDone()) {
			return super.get(timeout, unit);
		}
		BlockingWaits.Wait wait = this.tracking.blockingWaits().begin(GET);
		try {
			return super.get(timeout, unit);
		}
		finally {
			this.tracking.blockingWaits().end(wait);
		}
	}

	/**
	 * {@code Future.resultNow()} from Java 19 on, which {@link FutureTask} answers
	 * without {@code get()}; declared without {@code @Override} so that this class still
	 * compiles for Java 17.
	 */
	public V resultNow() {
		Outcome.observe(OUTCOME, this, this.tracking);
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
		Outcome.observe(OUTCOME, this, this.tracking);
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
