package dev.asyncloop.scheduling;

import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * A future that holds a task's outcome and can be failed from outside when the task
 * never ran: the application's {@code TaskDecorator} threw before running it. Without
 * this the future would never complete, and its submitter would wait for ever.
 */
interface UnrunFailure {

	/**
	 * Fails this future with {@code ex}, the decorator's exception, unless it is done;
	 * called on the thread that ran the decorator.
	 * @return whether this future was failed
	 */
	default boolean failUnrun(Throwable ex) {
		if (isDone()) {
			return false;
		}
		fail(ex);
		return true;
	}

	boolean isDone();

	/**
	 * Completes this future with {@code ex} as its task's failure, on the thread that
	 * ran (or would have run) the task.
	 */
	void fail(Throwable ex);

	/**
	 * Hands {@code ex}, thrown by the application's task decorator around {@code task},
	 * to whoever can see it: {@code future} when it is still pending, otherwise (the
	 * task ran, or nobody holds a future) it is reported as an exception nobody can
	 * retrieve. Never throws: the thread goes on to its next task.
	 */
	static void decoratorFailed(TaskTracking tracking, TrackedTask task, Object future, Throwable ex) {
		try {
			if (future instanceof UnrunFailure unrun && unrun.failUnrun(ex)) {
				return;
			}
			tracking.threads().currentTaskFailed();
			tracking.failures().failed(task, ex);
		}
		catch (Throwable failure) {
			tracking.errors().report("recording a task decorator's failure", failure);
		}
	}

}
