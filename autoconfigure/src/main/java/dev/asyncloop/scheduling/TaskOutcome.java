package dev.asyncloop.scheduling;

/**
 * A future that knows whether its task failed, so a failure captured by the future
 * still counts as a failed task.
 */
interface TaskOutcome {

	boolean failed();

}
