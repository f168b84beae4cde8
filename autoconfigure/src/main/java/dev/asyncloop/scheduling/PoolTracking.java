package dev.asyncloop.scheduling;

import org.springframework.core.task.TaskDecorator;
import org.springframework.util.CustomizableThreadCreator;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.ExecutorMonitor;
import dev.asyncloop.core.TaskRegistry;
import dev.asyncloop.core.TrackedTask;

/**
 * What the debug event loop and the worker executor add alike to the Spring pool each
 * extends: threads that know their executor, the application's task decorator run
 * inside the tracking instead of around it, and a report of the tasks a shutdown
 * abandons.
 */
final class PoolTracking {

	private final AsyncLoopEngine engine;

	private final ExecutorMonitor monitor;

	/** Set while the pool is configured, before it runs tasks, as Spring's own. */
	private TaskDecorator taskDecorator;

	private boolean waitsForTasks;

	PoolTracking(AsyncLoopEngine engine, ExecutorMonitor monitor) {
		this.engine = engine;
		this.monitor = monitor;
	}

	ExecutorMonitor monitor() {
		return this.monitor;
	}

	TaskRegistry registry() {
		return this.engine.registry();
	}

	/**
	 * A thread for {@code pool}, named and configured by the pool's own settings.
	 */
	Thread newThread(CustomizableThreadCreator pool, Runnable runnable, String name) {
		Thread thread = this.engine.registry().newThread(this.monitor, pool.getThreadGroup(), runnable, name);
		thread.setPriority(pool.getThreadPriority());
		thread.setDaemon(pool.isDaemon());
		return thread;
	}

	/**
	 * The application's task decorator, or {@code null}.
	 */
	TaskDecorator taskDecorator() {
		return this.taskDecorator;
	}

	void setTaskDecorator(TaskDecorator taskDecorator) {
		this.taskDecorator = taskDecorator;
	}

	/**
	 * Whether the pool's shutdown waits for its running tasks, as the pool was told.
	 */
	void setWaitsForTasks(boolean waitsForTasks) {
		this.waitsForTasks = waitsForTasks;
	}

	/**
	 * Runs the pool's {@code shutdown}, reporting the running tasks it abandons.
	 */
	void shutdown(Runnable shutdown) {
		ShutdownReport.around(this.engine, this.monitor, this.waitsForTasks, shutdown);
	}

	/**
	 * Reports a task the pool's shutdown drops from its queue.
	 */
	void dropped(TrackedTask task) {
		ShutdownReport.dropped(this.engine, task);
	}

}
