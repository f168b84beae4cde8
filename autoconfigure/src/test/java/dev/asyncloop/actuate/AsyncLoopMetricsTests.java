package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.List;
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
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.FakeConnection;
import dev.asyncloop.core.internal.Transports;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;

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
	void metersMoveByWhatTheTasksDid() {
		this.runner.withPropertyValues("asyncloop.unretrieved-exceptions.grace=200ms").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			FunctionCounter slow = findings(registry, "slow-callbacks");
			FunctionCounter lost = findings(registry, "unretrieved-exceptions");
			FunctionTimer loopRan = registry.get("asyncloop.task.duration").tag("executor", "loop").functionTimer();
			FunctionTimer workerRan = registry.get("asyncloop.task.duration").tag("executor", "worker").functionTimer();
			double loopRanBefore = loopRan.count();
			double loopTimeBefore = loopRan.totalTime(TimeUnit.MILLISECONDS);
			double workerRanBefore = workerRan.count();
			try (HeldTasks held = new HeldTasks(); HeldTasks heldOnWorker = new HeldTasks()) {
				// One task holds the loop's only thread past the slow-callback duration; two
				// more wait behind it in its queue. One task holds a worker thread.
				loop.execute(held::hold);
				assertThat(held.awaitStarted(1)).isTrue();
				loop.execute(() -> {
				});
				loop.execute(() -> {
				});
				worker.execute(heldOnWorker::hold);
				assertThat(heldOnWorker.awaitStarted(1)).isTrue();
				await().atMost(Duration.ofSeconds(5)).until(() -> slow.count() == 1);
				assertThat(registry.get("asyncloop.tasks.queued").tag("executor", "loop").gauge().value()).isEqualTo(2);
				assertThat(registry.get("asyncloop.tasks.active").tag("executor", "loop").gauge().value()).isEqualTo(1);
				assertThat(registry.get("asyncloop.tasks.active").tag("executor", "worker").gauge().value()).isEqualTo(1);
			}
			// A task that fails with nobody looking at its future: a ghost task.
			worker.submitCompletable(FailingTasks::fail);
			await().atMost(Duration.ofSeconds(5)).until(() -> lost.count() == 1);
			// The loop ran the held task and the two behind it, the worker the held task and the failing one.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> loopRan.count() == loopRanBefore + 3 && workerRan.count() == workerRanBefore + 2);
			context.getBean(Engine.class).settle(Duration.ofSeconds(5));
			assertThat(registry.get("asyncloop.tasks.queued").tag("executor", "loop").gauge().value()).isZero();
			assertThat(registry.get("asyncloop.tasks.active").tag("executor", "worker").gauge().value()).isZero();
			// A slow callback that finished is still one finding, not one more.
			assertThat(slow.count()).isEqualTo(1);
			assertThat(lost.count()).isEqualTo(1);
			assertThat(findings(registry, "blocking-calls").count()).isZero();
			// The held task was reported slow, so it ran for at least the slow-callback duration
			// (50 ms), less what the task clock may miss: a tick (5 ms here) and half of one.
			assertThat(loopRan.totalTime(TimeUnit.MILLISECONDS) - loopTimeBefore).isGreaterThanOrEqualTo(42);
		});
	}

	private static FunctionCounter findings(MeterRegistry registry, String kind) {
		return registry.get("asyncloop.findings").tag("kind", kind).functionCounter();
	}

	@Test
	void metersCarryTheApplicationsCommonTags() {
		this.runner.withPropertyValues("management.metrics.tags.application=orders", "management.metrics.tags.region=eu")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				HeldTasks held = new HeldTasks();
				context.getBean(DebugEventLoop.class).execute(held::hold);
				// Findings of one application, told apart from another's across a fleet.
				FunctionCounter slow = registry.get("asyncloop.findings")
					.tags("kind", "slow-callbacks", "application", "orders", "region", "eu")
					.functionCounter();
				await().atMost(Duration.ofSeconds(5)).until(() -> slow.count() == 1);
				held.release();
				FunctionTimer ran = registry.get("asyncloop.task.duration")
					.tags("executor", "loop", "application", "orders")
					.functionTimer();
				await().atMost(Duration.ofSeconds(5)).until(() -> ran.count() >= 1);
			});
	}

	@Test
	void transportsAreGaugedBySideAndStateAndPerPool() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Transports transports = context.getBean(Engine.class).transports();
			transports.opened("served", new FakeConnection("server", "GET /owners/1"));
			transports.opened("kept-alive", new FakeConnection("server", null));
			transports.opened("calling", new FakeConnection("client", "GET http://localhost:9000/vets"));
			AtomicReference<Transports.Pool> pool = new AtomicReference<>(
					new Transports.Pool("http", "localhost/127.0.0.1:9000", 3, 1, 2, 500));
			transports.addPools(() -> List.of(pool.get()));
			transports.pools(); // as the watchdog reads them once a second

			assertThat(gauge(registry, "asyncloop.connections", "side", "server", "state", "active")).isEqualTo(1);
			assertThat(gauge(registry, "asyncloop.connections", "side", "server", "state", "idle")).isEqualTo(1);
			assertThat(gauge(registry, "asyncloop.connections", "side", "client", "state", "active")).isEqualTo(1);
			assertThat(gauge(registry, "asyncloop.connections", "side", "client", "state", "idle")).isZero();
			assertThat(gauge(registry, "asyncloop.pool.connections", "pool", "http", "state", "active")).isEqualTo(3);
			assertThat(gauge(registry, "asyncloop.pool.connections", "pool", "http", "state", "idle")).isEqualTo(1);
			assertThat(registry.get("asyncloop.pool.pending").tag("remote", "localhost/127.0.0.1:9000").gauge().value())
				.isEqualTo(2);
			assertThat(registry.get("asyncloop.pool.max").tag("pool", "http").gauge().value()).isEqualTo(500);

			transports.closed("calling");
			assertThat(gauge(registry, "asyncloop.connections", "side", "client", "state", "active")).isZero();
		});
	}

	private static double gauge(MeterRegistry registry, String name, String... tags) {
		return registry.get(name).tags(tags).gauge().value();
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
