package dev.asyncloop.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
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
	void queuedScheduledAndRunningTasksAreReportedWhenTheContextCloses(CapturedOutput output) throws Exception {
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch never = new CountDownLatch(1);
		try {
			this.runner.run((context) -> {
				DebugEventLoop loop = context.getBean(DebugEventLoop.class);
				WorkerExecutor worker = context.getBean(WorkerExecutor.class);
				loop.execute(NamedTask.named("stuckOnLoop", () -> {
					started.countDown();
					await(never);
				}));
				loop.execute(NamedTask.named("waitingBehindIt", () -> {
				}));
				loop.schedule(NamedTask.named("dueInAnHour", () -> {
				}), Instant.now().plus(Duration.ofHours(1)));
				worker.setCorePoolSize(1);
				worker.setMaxPoolSize(1);
				worker.execute(NamedTask.named("stuckOnWorker", () -> {
					started.countDown();
					await(never);
				}));
				worker.execute(NamedTask.named("queuedOnWorker", () -> {
				}));
				assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			});
			assertThat(output.getOut()).contains("Task was destroyed but it is pending!")
				.contains("task: stuckOnLoop (running on loop)")
				.contains("task: waitingBehindIt (queued on loop)")
				.contains("task: dueInAnHour (scheduled on loop)")
				.contains("task: stuckOnWorker (running on worker)")
				.contains("task: queuedOnWorker (queued on worker)");
		}
		finally {
			never.countDown();
		}
	}

	@Test
	void reactorTasksRunOnTheLoopAreReportedByTheirNames(CapturedOutput output) throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		try {
			this.runner.withConfiguration(AutoConfigurations.of(AsyncLoopReactorAutoConfiguration.class))
				.withPropertyValues("asyncloop.reactor.schedulers=loop")
				.run((context) -> {
					context.getBean(DebugEventLoop.class).execute(NamedTask.named("stuckOnLoop", () -> {
						started.countDown();
						await(never);
					}));
					assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
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
		finally {
			never.countDown();
		}
	}

	@Test
	void aLargeBacklogIsCountedNotListedTaskByTask(CapturedOutput output) throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		try {
			this.runner.run((context) -> {
				DebugEventLoop loop = context.getBean(DebugEventLoop.class);
				loop.execute(NamedTask.named("stuckOnLoop", () -> {
					started.countDown();
					await(never);
				}));
				for (int i = 0; i < 10_000; i++) {
					loop.execute(NamedTask.named("backlog", () -> {
					}));
				}
				assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			});
			String out = output.getOut();
			assertThat(out).contains("task: stuckOnLoop (running on loop)")
				.contains("9980 more tasks waiting on loop not listed");
			assertThat(out.split("task: backlog", -1)).hasSize(21);
		}
		finally {
			never.countDown();
		}
	}

	@Test
	void nothingIsReportedWhenEverythingFinished(CapturedOutput output) {
		this.runner.run((context) -> context.getBean(DebugEventLoop.class).submit(() -> {
		}).get(5, TimeUnit.SECONDS));
		assertThat(output.getOut()).doesNotContain("pending");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
