package dev.asyncloop.autoconfigure;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debug mode under load: eight producers give a million tasks to the loop and a
 * million to the worker. Every task is counted, nothing is left in the registry, and
 * the heap after collection is where it was: debug mode keeps no stack per task.
 */
class DebugLoadTests {

	private static final int PRODUCERS = 8;

	private static final int TASKS = 1_000_000;

	/** Heap the run may leave behind, after collection: a few megabytes of caches and counters. */
	private static final long HEAP_SLACK = 8L * 1024 * 1024;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.debug=true", "asyncloop.unretrieved-exceptions.all-futures=false",
				"asyncloop.log-interval=1h");

	@Test
	void aMillionTasksFromEightProducersToEachExecutorAreCountedAndLeaveNothingBehind() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			Executor loop = context.getBean(DebugEventLoop.class);
			Executor worker = context.getBean(WorkerExecutor.class);
			// A first round warms up (classes, caches, creation sites); the second is measured.
			load(loop);
			load(worker);
			awaitCompleted(engine, "loop", TASKS);
			awaitCompleted(engine, "worker", TASKS);
			long before = usedHeapAfterCollection();
			load(loop);
			load(worker);
			awaitCompleted(engine, "loop", 2L * TASKS);
			awaitCompleted(engine, "worker", 2L * TASKS);
			assertThat(snapshot(engine, "loop").failed()).isZero();
			assertThat(snapshot(engine, "worker").failed()).isZero();
			assertThat(engine.liveTasks(false)).isEmpty();
			assertThat(engine.tracking().errors().count()).isZero();
			assertThat(usedHeapAfterCollection()).isLessThan(before + HEAP_SLACK);
		});
	}

	private static void load(Executor executor) throws Exception {
		CountDownLatch done = new CountDownLatch(TASKS);
		ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
		try {
			List<Future<?>> submitted = new ArrayList<>();
			for (int p = 0; p < PRODUCERS; p++) {
				submitted.add(producers.submit(() -> {
					for (int i = 0; i < TASKS / PRODUCERS; i++) {
						executor.execute(done::countDown);
					}
				}));
			}
			for (Future<?> future : submitted) {
				future.get(2, TimeUnit.MINUTES);
			}
			assertThat(done.await(2, TimeUnit.MINUTES)).isTrue();
		}
		finally {
			producers.shutdown();
		}
	}

	private static void awaitCompleted(Engine engine, String executor, long tasks) {
		await().atMost(java.time.Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(snapshot(engine, executor).completed()).isEqualTo(tasks));
	}

	private static ExecutorSnapshot snapshot(Engine engine, String name) {
		return engine.executors().stream().filter((executor) -> executor.name().equals(name)).findFirst().orElseThrow();
	}

	private static long usedHeapAfterCollection() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
