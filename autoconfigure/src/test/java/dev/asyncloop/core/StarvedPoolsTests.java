package dev.asyncloop.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A starved pool: an executor whose queued task waits longer than the threshold is
 * reported once, naming what its threads are busy with; one whose queue moves is not.
 */
class StarvedPoolsTests {

	private final Engine engine = new Engine(
			EngineOptions.defaults().withStarvedPoolDuration(Duration.ofMillis(300)));

	private final ThreadPoolExecutor pool = TestExecutors.pool(this.engine, "inbound", ExecutorKind.BLOCKING, 1);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() throws InterruptedException {
		this.release.countDown();
		this.pool.shutdown();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
		this.engine.close();
	}

	@Test
	void executorWhoseQueuedTaskWaitsPastTheThresholdIsReportedOnceWithWhatHoldsIt() {
		this.engine.start();
		this.pool.execute(this::holdTheThread);
		this.pool.execute(() -> {
		});
		this.pool.execute(() -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> !leaks().isEmpty());
		this.engine.settle(Duration.ofSeconds(2));
		List<ResourceLeak> leaks = leaks();
		assertThat(leaks).hasSize(1);
		ResourceLeak starved = leaks.get(0);
		assertThat(starved.resource()).isEqualTo("thread pool inbound");
		assertThat(starved.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(starved.detail()).startsWith("2 tasks queued, the oldest has waited ")
			.contains("its threads are busy with StarvedPoolsTests.");
		assertThat(starved.stack()).anyMatch((frame) -> frame.contains("StarvedPoolsTests.holdTheThread"));
	}

	@Test
	void executorWhoseQueueMovesIsNotReported() throws InterruptedException {
		this.engine.start();
		for (int i = 0; i < 1000; i++) {
			this.pool.execute(() -> {
			});
		}
		this.release.countDown();
		this.pool.shutdown();
		assertThat(this.pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(leaks()).isEmpty();
	}

	private void holdTheThread() {
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private List<ResourceLeak> leaks() {
		return this.engine.findings().list(FindingKind.RESOURCE_LEAK).stream().map(ResourceLeak.class::cast).toList();
	}

}
