package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopMetricsAutoConfiguration;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * asyncloop's figures in Micrometer, read when scraped and removed with the context.
 */
class AsyncLoopMetricsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				AsyncLoopMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withUserConfiguration(RegistryConfiguration.class)
		.withPropertyValues("asyncloop.slow-callback-duration=50ms");

	@Test
	void tasksAreTimedPerExecutor() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			for (int i = 0; i < 10; i++) {
				loop.submit(() -> {
				}).get(5, TimeUnit.SECONDS);
			}
			FunctionTimer duration = registry.get("asyncloop.task.duration").tag("executor", "loop").functionTimer();
			await().until(() -> duration.count() >= 10);
			assertThat(registry.get("asyncloop.task.delay").tag("executor", "loop").functionTimer().count())
				.isGreaterThanOrEqualTo(10);
			assertThat(registry.get("asyncloop.tasks.active").tag("executor", "worker").gauge().value()).isZero();
			assertThat(registry.get("asyncloop.tasks.queued").tag("executor", "loop").gauge().value()).isZero();
			assertThat(duration.getId().getDescription()).isNotBlank();
		});
	}

	@Test
	void findingsAreCountedByKind() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			HeldTasks held = new HeldTasks();
			context.getBean(DebugEventLoop.class).execute(held::hold);
			FunctionCounter slow = registry.get("asyncloop.findings").tag("kind", "slow-callbacks").functionCounter();
			await().atMost(Duration.ofSeconds(5)).until(() -> slow.count() == 1);
			held.release();
			assertThat(registry.get("asyncloop.findings").tag("kind", "blocking-calls").functionCounter().count()).isZero();
		});
	}

	@Test
	void metersAreRemovedWhenTheContextCloses() {
		AtomicReference<MeterRegistry> registry = new AtomicReference<>();
		this.runner.run((context) -> {
			registry.set(context.getBean(MeterRegistry.class));
			assertThat(registry.get().find("asyncloop.task.duration").meters()).isNotEmpty();
		});
		assertThat(registry.get().find("asyncloop.task.duration").meters()).isEmpty();
		assertThat(registry.get().find("asyncloop.findings").meters()).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
