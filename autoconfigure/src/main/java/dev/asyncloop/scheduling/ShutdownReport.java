package dev.asyncloop.scheduling;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.PendingTaskLog;
import dev.asyncloop.core.internal.TaskState;
import dev.asyncloop.core.internal.ThreadSlots;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * Reports the tasks one executor's shutdown abandons: the running ones it interrupts
 * when it does not wait for them, those still running when it stops waiting, and the
 * queued ones it drops, the first few by name.
 */
final class ShutdownReport {

	private final ThreadSlots threads;

	private final ExecutorMonitor executor;

	private final PendingTaskLog log;

	ShutdownReport(Engine engine, ExecutorMonitor executor) {
		this.threads = engine.tracking().threads();
		this.executor = executor;
		this.log = engine.pendingTaskLog(executor);
	}

	/**
	 * Runs {@code shutdown}, which reports the queued tasks it drops, then the running
	 * tasks it abandons.
	 */
	void around(boolean waitsForTasks, Runnable shutdown) {
		Set<TrackedTask> abandoned = new LinkedHashSet<>();
		if (!waitsForTasks) {
			abandoned.addAll(this.threads.runningTasks(this.executor));
		}
		shutdown.run();
		abandoned.addAll(this.threads.runningTasks(this.executor));
		abandoned.forEach((task) -> this.log.pending(task, TaskState.RUNNING));
		this.log.end();
	}

	/**
	 * Reports {@code task}, which will never run, or run after the application, as
	 * queued (or scheduled, when not due yet).
	 */
	void queued(TrackedTask task) {
		this.log.pending(task, (task.delayNanos() > 0) ? TaskState.SCHEDULED : TaskState.QUEUED);
	}

	/**
	 * Reports the tasks of {@code queue} as {@link #queued(TrackedTask) queued}.
	 * Elements that are not asyncloop's tasks cannot be named and are left out.
	 */
	void queued(Iterable<?> queue) {
		for (Object task : queue) {
			if (task instanceof TrackedTask tracked) {
				queued(tracked);
			}
		}
	}

}
