package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.asyncloop.core.internal.BlockingWaits;
import dev.asyncloop.core.internal.FailureWatch;
import dev.asyncloop.core.internal.FailureWatch.Failure;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * Whether anybody looked at a future's outcome, kept in one field of the future:
 * {@code null} (nobody yet), {@link #OBSERVED}, or the {@link Failure} waiting to be
 * observed. A future calls {@link #observe} from every method that hands its outcome
 * out ({@link #await} from those that wait for it), and {@link #failed} when its task
 * fails.
 */
final class OutcomeObservation {

	static final Object OBSERVED = new Object();

	private OutcomeObservation() {
	}

	/**
	 * The field that holds the outcome's observation in the class of {@code lookup}: a
	 * {@code volatile Object outcome}.
	 * @param lookup {@code MethodHandles.lookup()} of that class, which may reach its
	 * private field
	 */
	static VarHandle field(MethodHandles.Lookup lookup) {
		try {
			return lookup.findVarHandle(lookup.lookupClass(), "outcome", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * Somebody looks at the outcome held in {@code field} of {@code future}.
	 */
	static void observe(VarHandle field, Object future, TaskTracking tracking) {
		if (field.getAcquire(future) == OBSERVED) {
			return; // the common case: already looked at, nothing to write
		}
		Object previous = field.getAndSet(future, OBSERVED);
		if (previous instanceof Failure failure) {
			tracking.failures().observed(failure);
		}
	}

	/**
	 * Somebody waits for the outcome held in {@code field} of {@code future}, through
	 * {@code wait}: it is observed, and until the future is done the wait is a blocking
	 * call {@code call} if the thread must not block.
	 * @param <X> what else {@code wait} throws: a timeout, if it has one
	 */
	static <V, X extends Exception> V await(VarHandle field, Future<?> future, TaskTracking tracking, String call,
			Wait<V, X> wait) throws InterruptedException, ExecutionException, X {
		observe(field, future, tracking);
		BlockingWaits waits = tracking.blockingWaits();
		BlockingWaits.Wait blocking = future.isDone() ? null : waits.begin(call);
		try {
			return wait.get();
		}
		finally {
			waits.end(blocking);
		}
	}

	/**
	 * The future's task failed with {@code error}; unless somebody already looks, the
	 * failure is watched for an observer.
	 */
	static void failed(VarHandle field, Object future, TaskTracking tracking, TrackedTask task, Throwable error) {
		if (field.getAcquire(future) == OBSERVED) {
			return;
		}
		FailureWatch failures = tracking.failures();
		Failure failure = failures.failed(task, error);
		if (!field.compareAndSet(future, null, failure)) {
			failures.observed(failure); // looked at while we were recording it
		}
	}

	/**
	 * A future's own wait for its outcome: {@code get()}, or {@code get} with a timeout.
	 * @param <X> what it throws besides what {@code get()} does
	 */
	@FunctionalInterface
	interface Wait<V, X extends Exception> {

		V get() throws InterruptedException, ExecutionException, X;

	}

}
