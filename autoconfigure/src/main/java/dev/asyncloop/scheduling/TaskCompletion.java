package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.internal.BlockingWaits;
import dev.asyncloop.core.internal.TaskTracking;

/**
 * The future of {@code submitCompletable(...)} on a worker executor (and so of
 * {@code @Async} methods returning a {@code CompletableFuture}). Its exception counts
 * as observed once anybody gets, joins or polls it, checks whether it failed, or
 * attaches a dependent stage ({@code thenApply}, {@code exceptionally},
 * {@code handle}, {@code whenComplete}...), all of which Java creates through
 * {@link #newIncompleteFuture()}. A dependent attached by {@code allOf}/{@code anyOf}
 * before the failure counts too; one attached after it cannot be seen.
 *
 * @param <V> the result type
 */
class TaskCompletion<V> extends CompletableFuture<V> {

	private static final VarHandle OUTCOME;

	static {
		try {
			OUTCOME = MethodHandles.lookup().findVarHandle(TaskCompletion.class, "outcome", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final TaskTracking tracking;

	@SuppressWarnings("unused") // accessed through OUTCOME
	private volatile Object outcome;

	TaskCompletion(TaskTracking tracking) {
		this.tracking = tracking;
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		if (isDone()) {
			return false;
		}
		// Dependents already waiting receive the exception: it is observed through them.
		// Otherwise the failure is watched before anyone can see this future done.
		if (getNumberOfDependents() == 0) {
			Outcome.failed(OUTCOME, this, this.tracking, this.tracking.threads().currentTask(), ex);
		}
		boolean completed = super.completeExceptionally(ex);
		if (!completed) {
			observe(); // completed otherwise meanwhile: nothing to watch
		}
		return completed;
	}

	/**
	 * The task of this future failed with {@code ex}; called on the thread that ran it.
	 */
	void taskFailed(Throwable ex) {
		this.tracking.threads().currentTaskFailed();
		completeExceptionally(ex);
	}

	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		observe();
		return new CompletableFuture<>();
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		observe();
		BlockingWaits.Wait wait = beginWait("java.util.concurrent.CompletableFuture.get");
		try {
			return super.get();
		}
		finally {
			this.tracking.blockingWaits().end(wait);
		}
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		observe();
		BlockingWaits.Wait wait = beginWait("java.util.concurrent.CompletableFuture.get");
		try {
			return super.get(timeout, unit);
		}
		finally {
			this.tracking.blockingWaits().end(wait);
		}
	}

	@Override
	public V join() {
		observe();
		BlockingWaits.Wait wait = beginWait("java.util.concurrent.CompletableFuture.join");
		try {
			return super.join();
		}
		finally {
			this.tracking.blockingWaits().end(wait);
		}
	}

	@Override
	public V getNow(V valueIfAbsent) {
		observe();
		return super.getNow(valueIfAbsent);
	}

	@Override
	public boolean isCompletedExceptionally() {
		observe();
		return super.isCompletedExceptionally();
	}

	/**
	 * {@code Future.resultNow()} from Java 19 on; declared without {@code @Override} so
	 * that this class still compiles for Java 17.
	 */
	public V resultNow() {
		observe();
		if (!isDone() || super.isCompletedExceptionally()) {
			throw new IllegalStateException("Task has not completed with a result");
		}
		return super.join();
	}

	/**
	 * {@code Future.exceptionNow()} from Java 19 on; see {@link #resultNow()}.
	 */
	public Throwable exceptionNow() {
		observe();
		if (!isDone() || !super.isCompletedExceptionally() || isCancelled()) {
			throw new IllegalStateException("Task has not completed with an exception");
		}
		try {
			super.join();
			throw new IllegalStateException("Task completed with a result");
		}
		catch (CompletionException | CancellationException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
	}

	private void observe() {
		Outcome.observe(OUTCOME, this, this.tracking);
	}

	/**
	 * A wait on a non-blocking thread, unless the outcome is already there.
	 */
	private BlockingWaits.Wait beginWait(String call) {
		return isDone() ? null : this.tracking.blockingWaits().begin(call);
	}

}
