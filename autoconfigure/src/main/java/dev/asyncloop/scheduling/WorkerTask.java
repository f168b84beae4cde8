package dev.asyncloop.scheduling;

import java.util.concurrent.Future;

import dev.asyncloop.core.ExecutorMonitor;
import dev.asyncloop.core.TrackedTask;

/**
 * A tracked task of a worker executor or of an executor instrumented through its
 * task decorator.
 */
final class WorkerTask extends TrackedTask {

	private final Runnable body;

	/** The future handed to the submitter, if any: cancelled when the task is dropped. */
	private final Future<?> future;

	WorkerTask(ExecutorMonitor monitor, Object source, Runnable body, Future<?> future) {
		super(monitor, source);
		this.body = body;
		this.future = future;
	}

	@Override
	protected boolean runTask() {
		this.body.run();
		return !(this.future instanceof TaskOutcome outcome && outcome.failed());
	}

	Future<?> future() {
		return this.future;
	}

}
