package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A loop paused by Spring's lifecycle (its context stopped, or paused by Spring's test
 * framework while another test's context runs) holds its tasks back on purpose: they
 * wait for it to go on, and it is not reported as a starved pool. A loop whose thread
 * a task holds is.
 */
class PausedExecutorTests {

	@RegisterExtension
	final EngineWithDebugLoop fixture = new EngineWithDebugLoop(EngineOptions.defaults().withStarvedPoolDuration(Duration.ofMillis(300)));

	private final Engine engine = this.fixture.engine();

	private final DebugEventLoop loop = this.fixture.loop();

	@Test
	void pausedLoopWhoseTasksWaitIsNotStarvedAndRunsThemOnceStartedAgain() throws Exception {
		this.loop.submit(() -> {
		}).get(5, TimeUnit.SECONDS); // its thread is started
		this.loop.stop();
		// The first is taken by the loop's thread, which Spring's pause holds before it runs
		// it; the second waits in the queue.
		Future<?> taken = this.loop.submit(() -> {
		});
		Future<?> queued = this.loop.submit(() -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loop.getScheduledThreadPoolExecutor().getQueue().size() == 1);

		// Well past the threshold, with the watchdog looking once a second.
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> leaks().isEmpty());
		assertThat(queued).isNotDone();

		this.loop.start();
		taken.get(5, TimeUnit.SECONDS);
		queued.get(5, TimeUnit.SECONDS);
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(leaks()).isEmpty();
	}

	@Test
	void loopWhoseThreadATaskHoldsIsStarved() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.loop.execute(() -> Latches.awaitQuietly(release));
		Future<?> queued = this.loop.submit(() -> {
		});

		await().atMost(Duration.ofSeconds(5)).until(() -> !leaks().isEmpty());
		release.countDown();
		queued.get(5, TimeUnit.SECONDS);
	}

	private List<Finding> leaks() {
		return this.engine.findings().list(FindingKind.RESOURCE_LEAK);
	}

}
