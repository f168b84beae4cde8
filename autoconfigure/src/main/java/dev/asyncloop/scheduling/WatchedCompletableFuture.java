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
 * The future of {@code submitCompletable(...)} on the debug event loop and on the
 * worker executor (and so of {@code @Async} methods returning a
 * {@code CompletableFuture}): a {@link CompletableFuture} that notices a failure
 * nobody observes. Its exception counts
 * as observed once anybody gets, joins or polls it, checks whether it failed, or
 * attaches a dependent stage ({@code thenApply}, {@code exceptionally},
 * {@code handle}, {@code whenComplete}...), all of which Java creates through
 * {@link #newIncompleteFuture()}. A dependent attached by {@code allOf}/{@code anyOf}
 * before the failure counts too; one attached after it cannot be seen.
 *
 * @param <V> the result type
 */
class WatchedCompletableFuture<V> extends CompletableFuture<V> implements UnrunFailure {

	private static final VarHandle OUTCOME = OutcomeObservation.field(MethodHandles.lookup());

	private static final String GET = "java.util.concurrent.CompletableFuture.get";

	private static final String JOIN = "java.util.concurrent.CompletableFuture.join";

	private final TaskTracking tracking;

	@SuppressWarnings("unused") // accessed through OUTCOME
	private volatile Object outcome;

	WatchedCompletableFuture(TaskTracking tracking) {
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
			OutcomeObservation.failed(OUTCOME, this, this.tracking, this.tracking.threads().currentTask(), ex);
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
	public void fail(Throwable ex) {
		taskFailed(ex);
	}

	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		observe();
		return new CompletableFuture<>();
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
	 * As {@link #get()}, without its checked exceptions.
	 */
	@Override
	public V join() {
		observe();
		BlockingWaits.Wait wait = isDone() ? null : this.tracking.blockingWaits().begin(JOIN);
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
		OutcomeObservation.observe(OUTCOME, this, this.tracking);
	}

}
