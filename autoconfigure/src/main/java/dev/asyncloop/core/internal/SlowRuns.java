package dev.asyncloop.core.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The watchdog's inbox: runs that ended and may have crossed their executor's threshold,
 * handed over by the threads that ran them, so that the watchdog completes or judges
 * them off the hot path.
 */
final class SlowRuns {

	private final Queue<SlowRun> runs = new ConcurrentLinkedQueue<>();

	/**
	 * On the thread that ran {@code task}: its run, which started as {@link TaskClock}
	 * read it, ended at {@code endedAt} ({@link System#nanoTime()}), and may have crossed
	 * {@code thresholdNanos}.
	 */
	void ended(TrackedTask task, Thread thread, long startedAt, long endedAt, long thresholdNanos) {
		this.runs.add(new SlowRun(task, thread, startedAt, endedAt, thresholdNanos));
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
	 * A run that ended and may have crossed its executor's threshold.
	 */
	record SlowRun(TrackedTask task, Thread thread, long startedAt, long endedAt, long thresholdNanos) {
	}

}
