package dev.asyncloop.core;

import java.time.Duration;

import dev.asyncloop.core.internal.LagRecorder;
import dev.asyncloop.core.internal.TaskStats;

/**
 * The state of one monitored executor at one moment.
 *
 * @param name the executor's report name
 * @param kind whether it may block
 * @param threads its threads, or {@code -1} when unknown
 * @param queued tasks due and waiting in its queue for a thread, or {@code -1} when unknown
 * @param scheduled tasks in its queue that are not due yet (a scheduler's)
 * @param running tasks running now
 * @param stats totals of the tasks it finished
 * @param slowCallbacks slow callbacks found on it since findings were last cleared
 * @param threshold how long a task may run on it before it is reported
 * @param lag recent lag of its probed event loops, or {@code null} when not probed
 * @param longestRun how long its longest running task (or a stall of its probed loop) has
 * been running, {@link Duration#ZERO} when none
 */
public record ExecutorSnapshot(String name, ExecutorKind kind, int threads, int queued, int scheduled, int running, TaskStats stats,
		long slowCallbacks, Duration threshold, LagRecorder.Lag lag, Duration longestRun) {
}
