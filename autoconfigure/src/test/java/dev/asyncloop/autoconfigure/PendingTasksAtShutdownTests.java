package dev.asyncloop.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.actuate.HeldTasks;
import dev.asyncloop.core.NamedTask;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * asyncio's "Task was destroyed but it is pending!": a context that closes with
 * tasks still queued or running names each of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class PendingTasksAtShutdownTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
				LifecycleAutoConfiguration.class))
		// Spring waits for running tasks in each shutdown phase; these never end.
		.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms");

	@Test
	void queuedScheduledAndRunningTasksAreReportedWhenTheContextCloses(CapturedOutput output) {
		try (HeldTasks held = new HeldTasks()) {
			this.runner.run((context) -> {
				DebugEventLoop loop = context.getBean(DebugEventLoop.class);
				WorkerExecutor worker = context.getBean(WorkerExecutor.class);
				loop.execute(held.named("stuckOnLoop"));
				loop.execute(NamedTask.named("waitingBehindIt", () -> {
				}));
				loop.schedule(NamedTask.named("dueInAnHour", () -> {
				}), Instant.now().plus(Duration.ofHours(1)));
				worker.setCorePoolSize(1);
				worker.setMaxPoolSize(1);
				worker.execute(held.named("stuckOnWorker"));
				worker.execute(NamedTask.named("queuedOnWorker", () -> {
				}));
				assertThat(held.awaitStarted(2)).isTrue();
			});
			assertThat(output.getOut()).contains("Task was destroyed but it is pending!")
				.contains("task: stuckOnLoop (running on loop)")
				.contains("task: waitingBehindIt (queued on loop)")
				.contains("task: dueInAnHour (scheduled on loop)")
				.contains("task: stuckOnWorker (running on worker)")
				.contains("task: queuedOnWorker (queued on worker)");
		}
	}

	@Test
	void reactorTasksRunOnTheLoopAreReportedByTheirNames(CapturedOutput output) {
		try (HeldTasks held = new HeldTasks()) {
			this.runner.withConfiguration(AutoConfigurations.of(AsyncLoopReactorAutoConfiguration.class))
				.withPropertyValues("asyncloop.reactor.schedulers=loop")
				.run((context) -> {
					context.getBean(DebugEventLoop.class).execute(held.named("stuckOnLoop"));
					assertThat(held.awaitStarted(1)).isTrue();
					Scheduler parallel = Schedulers.parallel();
					parallel.schedule(NamedTask.named("reactorTask", () -> {
					}));
					parallel.schedule(NamedTask.named("reactorTaskInAnHour", () -> {
					}), 1, TimeUnit.HOURS);
					parallel.createWorker().schedule(NamedTask.named("reactorWorkerTask", () -> {
					}));
				});
			assertThat(output.getOut()).contains("task: stuckOnLoop (running on loop)")
				.contains("task: reactorTask (queued on loop)")
				.contains("task: reactorTaskInAnHour (scheduled on loop)")
				.contains("task: reactorWorkerTask (queued on loop)");
		}
	}

	@Test
	void aLargeBacklogIsCountedNotListedTaskByTask(CapturedOutput output) {
		try (HeldTasks held = new HeldTasks()) {
			this.runner.run((context) -> {
				DebugEventLoop loop = context.getBean(DebugEventLoop.class);
				loop.execute(held.named("stuckOnLoop"));
				for (int i = 0; i < 10_000; i++) {
					loop.execute(NamedTask.named("backlog", () -> {
					}));
				}
				assertThat(held.awaitStarted(1)).isTrue();
			});
			String out = output.getOut();
			assertThat(out).contains("task: stuckOnLoop (running on loop)")
				.contains("9980 more tasks waiting on loop not listed");
			assertThat(out.split("task: backlog", -1)).hasSize(21);
		}
	}

	@Test
	void nothingIsReportedWhenEverythingFinished(CapturedOutput output) {
		this.runner.run((context) -> context.getBean(DebugEventLoop.class).submit(() -> {
		}).get(5, TimeUnit.SECONDS));
		assertThat(output.getOut()).doesNotContain("pending");
	}

}
