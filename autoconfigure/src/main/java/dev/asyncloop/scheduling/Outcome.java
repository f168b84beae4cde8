package dev.asyncloop.scheduling;

import java.lang.invoke.VarHandle;

import dev.asyncloop.core.internal.FailureWatch;
import dev.asyncloop.core.internal.FailureWatch.Failure;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * Whether anybody looked at a future's outcome, kept in one field of the future:
 * {@code null} (nobody yet), {@link #OBSERVED}, or the {@link Failure} waiting to be
 * observed. A future calls {@link #observe} from every method that hands its outcome
 * out, and {@link #failed} when its task fails.
 */
final class Outcome {

	static final Object OBSERVED = new Object();

	private Outcome() {
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

}
