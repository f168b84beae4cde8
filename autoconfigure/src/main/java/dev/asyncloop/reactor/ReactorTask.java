package dev.asyncloop.reactor;

import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * A task scheduled on a Reactor {@code Scheduler}. Reactor's schedule hook does not
 * say which scheduler the task is for, so its executor is learnt from the thread it
 * runs on.
 */
final class ReactorTask extends TrackedTask {

	/**
	 * Without a submission time: Reactor's schedule hook does not say when the task is
	 * due (it wraps delayed and periodic tasks alike), so the time since it was
	 * scheduled is no queue delay. Its start stands for its submission, and Reactor
	 * executors show no queue delay.
	 */
	ReactorTask(TaskTracking tracking, Runnable task) {
		super(tracking, task, 0);
	}

	@Override
	protected long queueDelay(long startNanos) {
		return 0;
	}

	@Override
	protected boolean runTask() {
		((Runnable) source()).run(); // the source is the task itself: one field less per task
		return true;
	}

	/**
	 * A Reactor task running inside another tracked task (a scheduler built on one of
	 * asyncloop's executors) is the same work: the outer task already tracks it.
	 */
	@Override
	protected boolean tracksInside(TrackedTask outer) {
		return false;
	}

}
