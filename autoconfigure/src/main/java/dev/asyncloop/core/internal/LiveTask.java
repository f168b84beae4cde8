package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of one live task.
 *
 * @param id the task's report id
 * @param name the task's name
 * @param executor the executor's name
 * @param state queued, scheduled or running
 * @param age time since the task was submitted, or since it became due when its
 * executor knows due times; zero for a task not due yet
 * @param dueIn how long until a scheduled task is due; {@code null} for the others
 * @param running how long the current run has taken (running tasks only)
 * @param thread the thread running it (running tasks only)
 * @param stack where it is now, innermost frame first (running tasks only, when asked for)
 * @param createdAt where it was submitted, innermost frame first (debug mode only)
 */
public record LiveTask(long id, String name, String executor, TaskState state, Duration age, Duration dueIn, Duration running,
		String thread, List<String> stack, List<String> createdAt) {

	public LiveTask {
		stack = (stack != null) ? List.copyOf(stack) : null;
		createdAt = List.copyOf(createdAt);
	}

}
