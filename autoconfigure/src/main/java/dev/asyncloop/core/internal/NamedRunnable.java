package dev.asyncloop.core.internal;

import dev.asyncloop.core.NamedTask;

/**
 * A runnable with a name: what {@link NamedTask#named(String, Runnable)} makes.
 *
 * @param taskName the name shown in reports and logs
 * @param task what runs
 */
public record NamedRunnable(String taskName, Runnable task) implements NamedTask, Runnable {

	@Override
	public void run() {
		this.task.run();
	}

	@Override
	public String toString() {
		return this.taskName;
	}

}
