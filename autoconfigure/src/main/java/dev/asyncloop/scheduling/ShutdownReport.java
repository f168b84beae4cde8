package dev.asyncloop.scheduling;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.ExecutorMonitor;
import dev.asyncloop.core.TaskState;
import dev.asyncloop.core.TrackedTask;

/**
 * Reports the running tasks an executor's shutdown abandons: those it interrupts
 * when it does not wait for them, and those still running when it stops waiting.
 * (Queued tasks are reported as Spring cancels them, the first few by name.)
 */
final class ShutdownReport {

	private ShutdownReport() {
	}

	static void around(AsyncLoopEngine engine, ExecutorMonitor executor, boolean waitsForTasks, Runnable shutdown) {
		Set<TrackedTask> abandoned = new LinkedHashSet<>();
		if (!waitsForTasks) {
			abandoned.addAll(engine.runningTasks(executor));
		}
		shutdown.run();
		abandoned.addAll(engine.runningTasks(executor));
		abandoned.forEach((task) -> engine.reportPending(task, TaskState.RUNNING));
		engine.endPendingReport(executor);
	}

	/**
	 * Reports the tasks of {@code queue} that will never run, or run after the
	 * application, as queued (or scheduled, when not due yet). Elements that are not
	 * asyncloop's tasks cannot be named and are left out.
	 */
	static void queued(AsyncLoopEngine engine, Iterable<?> queue) {
		for (Object task : queue) {
			if (task instanceof TrackedTask tracked) {
				dropped(engine, tracked);
			}
		}
	}

	/**
	 * Reports {@code task}, dropped from its executor's queue, as queued (or scheduled,
	 * when not due yet).
	 */
	static void dropped(AsyncLoopEngine engine, TrackedTask task) {
		engine.reportPending(task, (task.delayNanos() > 0) ? TaskState.SCHEDULED : TaskState.QUEUED);
	}

}
