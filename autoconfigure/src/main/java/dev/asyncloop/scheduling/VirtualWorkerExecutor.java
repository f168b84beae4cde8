package dev.asyncloop.scheduling;

import java.time.Duration;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;

/**
 * The worker executor when Spring Boot runs tasks on virtual threads
 * ({@code spring.threads.virtual.enabled=true}): Boot's thread-per-task executor with
 * every task tracked. A user's task decorator still runs, inside the tracking.
 */
public class VirtualWorkerExecutor extends SimpleAsyncTaskExecutor {

	private final TaskTracking tracking;

	private final ExecutorMonitor monitor;

	public VirtualWorkerExecutor(Engine engine, String name, Duration longTaskDuration) {
		this.tracking = engine.tracking();
		this.monitor = engine.directory().register(name, ExecutorKind.BLOCKING, longTaskDuration, null);
		setThreadNamePrefix("asyncloop-" + name + "-");
		super.setTaskDecorator(new TrackingTaskDecorator(this.tracking, this.monitor, null));
	}

	@Override
	public void setTaskDecorator(TaskDecorator taskDecorator) {
		super.setTaskDecorator(new TrackingTaskDecorator(this.tracking, this.monitor, taskDecorator));
	}

}
