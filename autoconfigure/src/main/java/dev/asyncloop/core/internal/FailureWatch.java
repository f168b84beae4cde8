package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.UnretrievedException;

/**
 * asyncio's {@code Task exception was never retrieved}, without waiting for the
 * garbage collector: a task that failed is reported when nobody has observed its
 * exception within the grace period after it failed. Observing it later marks the
 * report {@code retrievedLater}.
 *
 * <p>What observes an exception is up to the future that holds it (its
 * {@code get()}, {@code join()}, a dependent stage...); it calls {@link #observed}.
 * Failures are rare, so this runs off the hot path: a queue checked by the watchdog.
 */
public final class FailureWatch implements Runnable {

	private final Findings findings;

	private final ApplicationCode applicationCode;

	private final Queue<Failure> pending = new ConcurrentLinkedQueue<>();

	private volatile long graceNanos;

	public FailureWatch(Findings findings, ApplicationCode applicationCode, Duration grace) {
		this.findings = findings;
		this.applicationCode = applicationCode;
		this.graceNanos = grace.toNanos();
	}

	/**
	 * How long a failure may stay unobserved before it is reported.
	 */
	public Duration grace() {
		return Duration.ofNanos(this.graceNanos);
	}

	public void setGrace(Duration grace) {
		this.graceNanos = DurationLimits.requirePositive("grace", grace).toNanos();
	}

	/**
	 * A task failed with {@code error} and nobody has looked yet.
	 * @return the failure, for the future to pass to {@link #observed} later
	 */
	public Failure failed(TrackedTask task, Throwable error) {
		if (task != null) {
			// A lambda's name is best learnt from where it threw.
			TaskNames.improveFromStack(task, error.getStackTrace(), this.applicationCode);
		}
		Failure failure = (task != null)
				? new Failure(task.name(), (task.executor() != null) ? task.executor().name() : "unknown", error,
						task.creationSite(), System.nanoTime(), task.trace())
				: new Failure("task", "unknown", error, null, System.nanoTime(), this.findings.traces().current());
		this.pending.add(failure);
		return failure;
	}

	/**
	 * Records a failure that was handed to a handler instead of a future (an
	 * {@code @Async void} method): reported at once.
	 */
	public void reportNow(String task, String executor, Throwable error) {
		Failure failure = new Failure(task, executor, error, null, System.nanoTime(), this.findings.traces().current());
		report(failure);
	}

	/**
	 * Reports a future that failed and was garbage collected without anybody looking at
	 * its exception: asyncio's own moment for {@code Task exception was never retrieved}.
	 * @param task the task's name
	 * @param executor the executor it ran on
	 * @param error the exception
	 * @param creationSite where the future was made, or {@code null}
	 * @param failedAt when it failed, as {@link System#nanoTime()}
	 * @param trace the trace it failed in (see {@link TraceContexts}), or {@code null}
	 */
	public void reportCollected(String task, String executor, Throwable error, Throwable creationSite,
			long failedAt, Object trace) {
		report(new Failure(task, executor, error, creationSite, failedAt, trace));
	}

	/**
	 * Somebody observed {@code failure}'s exception.
	 */
	public void observed(Failure failure) {
		synchronized (failure) {
			failure.observed = true;
			if (failure.reported != null && !failure.reported.retrievedLater()) {
				failure.reported = this.findings.update(FindingKind.UNRETRIEVED_EXCEPTION, failure.sequence,
						failure.reported, UnretrievedException::retrieved);
			}
		}
	}

	/**
	 * Reports every failure still unobserved, without waiting for its grace period; for
	 * test mode, where a test's failures belong to that test.
	 */
	public void reportUnobservedNow() {
		Failure next;
		while ((next = this.pending.poll()) != null) {
			synchronized (next) {
				if (!next.observed) {
					report(next);
				}
			}
		}
	}

	/**
	 * Reports the failures whose grace period is over and still unobserved.
	 */
	@Override
	public void run() {
		long now = System.nanoTime();
		Failure next;
		while ((next = this.pending.peek()) != null && now - next.failedAt >= this.graceNanos) {
			this.pending.poll();
			synchronized (next) {
				if (!next.observed) {
					report(next);
				}
			}
		}
	}

	private void report(Failure failure) {
		Throwable error = failure.error;
		Instant failedAt = Instant.now().minusNanos(System.nanoTime() - failure.failedAt);
		TraceIds ids = this.findings.traces().ids(failure.trace);
		UnretrievedException finding = new UnretrievedException(failure.task, failure.executor,
				error.getClass().getName() + ": " + error.getMessage(), StackFrames.render(error.getStackTrace()),
				(failure.creationSite != null) ? this.applicationCode.creationFrames(failure.creationSite) : List.of(),
				failedAt, false, ids.traceId(), ids.spanId());
		failure.sequence = this.findings.record(finding, failure.trace);
		failure.reported = finding;
	}

	/**
	 * A failed task's exception, until somebody observes it.
	 */
	public static final class Failure {

		private final String task;

		private final String executor;

		private final Throwable error;

		private final Throwable creationSite;

		private final long failedAt;

		private final Object trace;

		private boolean observed;

		private UnretrievedException reported;

		private long sequence;

		Failure(String task, String executor, Throwable error, Throwable creationSite, long failedAt, Object trace) {
			this.task = task;
			this.executor = executor;
			this.error = error;
			this.creationSite = creationSite;
			this.failedAt = failedAt;
			this.trace = trace;
		}

	}

}
