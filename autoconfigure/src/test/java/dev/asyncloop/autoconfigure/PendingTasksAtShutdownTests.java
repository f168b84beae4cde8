package dev.asyncloop.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.core.NamedTask;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * asyncio's "Task was destroyed but it is pending!": a context that closes with
 * tasks still queued or running names each of them.
 */
class PendingTasksAtShutdownTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
				LifecycleAutoConfiguration.class))
		// Spring waits for running tasks in each shutdown phase; these never end.
		.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms");

	@Test
	void queuedScheduledAndRunningTasksAreReportedWhenTheContextCloses() throws Exception {
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch never = new CountDownLatch(1);
		try (LogCapture log = new LogCapture("dev.asyncloop.AsyncLoop")) {
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
			assertThat(log.messages).filteredOn((message) -> message.startsWith("Task was destroyed but it is pending!"))
				.anyMatch((message) -> message.contains("stuckOnLoop (running on loop)"))
				.anyMatch((message) -> message.contains("waitingBehindIt (queued on loop)"))
				.anyMatch((message) -> message.contains("dueInAnHour (scheduled on loop)"))
				.anyMatch((message) -> message.contains("stuckOnWorker (running on worker)"))
				.anyMatch((message) -> message.contains("queuedOnWorker (queued on worker)"));
		}
		finally {
			never.countDown();
		}
	}

	@Test
	void nothingIsReportedWhenEverythingFinished() {
		try (LogCapture log = new LogCapture("dev.asyncloop.AsyncLoop")) {
			this.runner.run((context) -> context.getBean(DebugEventLoop.class).submit(() -> {
			}).get(5, TimeUnit.SECONDS));
			assertThat(log.messages).noneMatch((message) -> message.contains("pending"));
		}
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
