package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopHealthAutoConfiguration;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code asyncloop} health component: each executor's state, {@code DOWN} while
 * an event loop is stalled.
 */
class AsyncLoopHealthIndicatorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				AsyncLoopHealthAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.health.stall-duration=200ms");

	@Test
	void upWithEachExecutorsState() {
		this.runner.run((context) -> {
			Health health = context.getBean(AsyncLoopHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> executors = executors(health);
			assertThat(executors).containsKeys("loop", "worker");
			assertThat((Map<String, Object>) executors.get("loop")).containsEntry("kind", "non-blocking")
				.containsEntry("status", "running");
		});
	}

	@Test
	void downWhileTheLoopIsStalledAndUpAgainAfter() {
		this.runner.run((context) -> {
			AsyncLoopHealthIndicator indicator = context.getBean(AsyncLoopHealthIndicator.class);
			CountDownLatch release = new CountDownLatch(1);
			context.getBean(DebugEventLoop.class).execute(() -> waitFor(release));
			try {
				Health stalled = await().atMost(Duration.ofSeconds(5))
					.until(() -> indicator.health(true), (health) -> health.getStatus().equals(Status.DOWN));
				assertThat((Map<String, Object>) executors(stalled).get("loop")).containsEntry("status", "stalled");
			}
			finally {
				release.countDown();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health(true).getStatus().equals(Status.UP));
		});
	}

	@Test
	void stallIsOnlyADetailWhenDownOnStallIsOff() {
		this.runner.withPropertyValues("asyncloop.health.down-on-stall=false").run((context) -> {
			AsyncLoopHealthIndicator indicator = context.getBean(AsyncLoopHealthIndicator.class);
			CountDownLatch release = new CountDownLatch(1);
			context.getBean(DebugEventLoop.class).execute(() -> waitFor(release));
			try {
				Health stalled = await().atMost(Duration.ofSeconds(5))
					.until(() -> indicator.health(true), (health) -> "stalled"
						.equals(((Map<String, Object>) executors(health).get("loop")).get("status")));
				assertThat(stalled.getStatus()).isEqualTo(Status.UP);
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void canBeSwitchedOffLikeAnyHealthIndicator() {
		this.runner.withPropertyValues("management.health.asyncloop.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLoopHealthIndicator.class));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> executors(Health health) {
		return (Map<String, Object>) health.getDetails().get("executors");
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
