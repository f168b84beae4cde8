package dev.asyncloop.scheduling;

import org.springframework.core.task.TaskDecorator;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;

/**
 * Tracks the tasks of an executor asyncloop did not create, through the one
 * extension point Spring's executors share: their {@link TaskDecorator}. A decorator
 * the executor already had keeps running, inside the tracking.
 */
public final class TrackingTaskDecorator implements TaskDecorator {

	private final TaskTracking tracking;

	private final ExecutorMonitor monitor;

	private final TaskDecorator inner;

	/**
	 * @param tracking what the tasks report to
	 * @param monitor the executor's monitor
	 * @param inner the executor's own decorator, or {@code null}
	 */
	public TrackingTaskDecorator(TaskTracking tracking, ExecutorMonitor monitor, TaskDecorator inner) {
		this.tracking = tracking;
		this.monitor = monitor;
		this.inner = inner;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Runnable body = (this.inner != null) ? this.inner.decorate(runnable) : runnable;
		WorkerTask task = new WorkerTask(this.tracking, this.monitor, runnable, body);
		AsyncSubmissions.name(task, runnable);
		return task;
	}

}
