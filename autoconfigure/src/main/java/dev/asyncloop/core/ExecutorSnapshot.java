package dev.asyncloop.core;

import java.time.Duration;

/**
 * The state of one monitored executor at one moment.
 *
 * @param name the executor's report name
 * @param kind whether it may block
 * @param threads its threads, or {@code -1} when unknown
 * @param queued tasks due and waiting in its queue for a thread, or {@code -1} when unknown
 * @param scheduled tasks in its queue that are not due yet (a scheduler's)
 * @param running tasks running now
 * @param completed tasks it finished normally
 * @param failed tasks it finished with an exception
 * @param busy time its threads spent running tasks
 * @param queueDelay time its tasks waited past their due time before they started, in total
 * @param slowCallbacks slow callbacks found on it since findings were last cleared
 * @param threshold how long a task may run on it before it is reported
 * @param longestRun how long its longest running task (or a stall of its probed loop) has
 * been running, {@link Duration#ZERO} when none
 */
public record ExecutorSnapshot(String name, ExecutorKind kind, int threads, int queued, int scheduled, int running,
		long completed, long failed, Duration busy, Duration queueDelay, long slowCallbacks, Duration threshold,
		Duration longestRun) {

	/**
	 * Tasks it finished, normally or not.
	 */
	public long finished() {
		return this.completed + this.failed;
	}

}
