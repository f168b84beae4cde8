package dev.asyncloop.scheduling;

import java.util.concurrent.Future;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * A tracked task of a worker executor or of an executor instrumented through its
 * task decorator.
 */
final class WorkerTask extends TrackedTask {

	private final Runnable body;

	/** The future handed to the submitter, if any: cancelled when the task is dropped. */
	private final Future<?> future;

	/** Whether a failure with no future to hold it is reported here instead of thrown. */
	private final boolean reportsFailure;

	/**
	 * A task of an executor asyncloop did not create: a failure is thrown, as without
	 * asyncloop.
	 */
	WorkerTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, Runnable body) {
		this(tracking, monitor, source, body, null, false);
	}

	/**
	 * A task of asyncloop's worker: a failure is held by {@code future} or, without one
	 * ({@code execute}), reported as an exception nobody can retrieve, as the loop does.
	 */
	WorkerTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, Runnable body, Future<?> future) {
		this(tracking, monitor, source, body, future, true);
	}

	private WorkerTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, Runnable body, Future<?> future,
			boolean reportsFailure) {
		super(tracking, monitor, source);
		this.body = body;
		this.future = future;
		this.reportsFailure = reportsFailure;
	}

	@Override
	protected boolean runTask() {
		if (this.future != null) {
			try {
				this.body.run(); // a failure a future holds is counted through ThreadSlots.currentTaskFailed()
			}
			catch (Throwable ex) {
				// The future's task never throws: the application's task decorator did.
				UnrunFailure.decoratorFailed(tracking(), this, this.future, ex);
			}
			return true;
		}
		if (!this.reportsFailure) {
			this.body.run();
			return true;
		}
		try {
			this.body.run();
			return true;
		}
		catch (Throwable ex) {
			failedUnretrievably(ex);
			return false;
		}
	}

	Future<?> future() {
		return this.future;
	}

}
