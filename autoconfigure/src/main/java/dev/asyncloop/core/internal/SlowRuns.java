package dev.asyncloop.core.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The watchdog's inbox: runs that ended after crossing their executor's threshold,
 * handed over by the threads that ran them, so that the watchdog completes or judges
 * them off the hot path.
 */
final class SlowRuns {

	private final Queue<SlowRun> runs = new ConcurrentLinkedQueue<>();

	/**
	 * On the thread that ran {@code task}: its run ended after crossing the threshold.
	 */
	void ended(TrackedTask task, Thread thread, long startedAt, long durationNanos) {
		this.runs.add(new SlowRun(task, thread, startedAt, durationNanos, task.executor().thresholdNanos()));
	}

	/**
	 * On the watchdog: the next run handed over, or {@code null}.
	 */
	SlowRun poll() {
		return this.runs.poll();
	}

	void clear() {
		this.runs.clear();
	}

	/**
	 * A run that ended after crossing its executor's threshold.
	 */
	record SlowRun(TrackedTask task, Thread thread, long startedAt, long durationNanos, long thresholdNanos) {
	}

}
