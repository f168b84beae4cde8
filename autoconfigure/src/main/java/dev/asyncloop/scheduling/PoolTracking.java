package dev.asyncloop.scheduling;

import org.springframework.core.task.TaskDecorator;
import org.springframework.util.CustomizableThreadCreator;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * What the debug event loop and the worker executor add alike to the Spring pool each
 * extends: threads that know their executor, the application's task decorator run
 * inside the tracking instead of around it, and a report of the tasks a shutdown
 * abandons.
 */
final class PoolTracking {

	private final TaskTracking tracking;

	private final ExecutorMonitor monitor;

	private final ShutdownReport shutdownReport;

	/** Set while the pool is configured, before it runs tasks, as Spring's own. */
	private TaskDecorator taskDecorator;

	private boolean waitsForTasks;

	PoolTracking(Engine engine, ExecutorMonitor monitor) {
		this.tracking = engine.tracking();
		this.monitor = monitor;
		this.shutdownReport = new ShutdownReport(engine, monitor);
	}

	ExecutorMonitor monitor() {
		return this.monitor;
	}

	TaskTracking tracking() {
		return this.tracking;
	}

	/**
	 * A thread for {@code pool}, named and configured by the pool's own settings.
	 */
	Thread newThread(CustomizableThreadCreator pool, Runnable runnable, String name) {
		Thread thread = this.tracking.threads().newThread(this.monitor, pool.getThreadGroup(), runnable, name);
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
		this.shutdownReport.around(this.waitsForTasks, shutdown);
	}

	/**
	 * Reports a task the pool's shutdown drops from its queue.
	 */
	void dropped(TrackedTask task) {
		this.shutdownReport.queued(task);
	}

}
