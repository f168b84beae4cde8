package dev.asyncloop.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.internal.TaskStats;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How late the loop's tasks ran ({@code asyncloop.task.delay}): the time each waited
 * past the moment it was due, not the time it was scheduled to wait.
 */
class LoopTaskDelayTests {

	@RegisterExtension
	final EngineWithDebugLoop fixture = new EngineWithDebugLoop(EngineOptions.defaults());

	private final Engine engine = this.fixture.engine();

	private final DebugEventLoop loop = this.fixture.loop();

	@Test
	void taskScheduledForLaterIsNotLateByTheTimeItWasScheduledToWait() throws Exception {
		this.loop.schedule(() -> {
		}, Instant.now().plusMillis(500)).get(5, TimeUnit.SECONDS);

		assertThat(completedStats(1).delayNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(400));
	}

	@Test
	void taskQueuedBehindABusyLoopIsLateByAtLeastTheTimeItWaited() throws Exception {
		this.loop.submit(() -> {
		}).get(5, TimeUnit.SECONDS); // the loop's thread is started: not part of what is measured
		long before = completedStats(1).delayNanos();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		long holderSubmitted = System.nanoTime();
		this.loop.execute(() -> {
			holding.countDown();
			Latches.awaitQuietly(release);
		});
		assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
		long holderLateAtMost = System.nanoTime() - holderSubmitted;
		long beforeSubmit = System.nanoTime();
		Future<?> queued = this.loop.submit(() -> {
		});
		long submitted = System.nanoTime();
		await().atMost(Duration.ofSeconds(5)).until(() -> queuedOnTheLoop() == 1);
		long released = System.nanoTime();
		release.countDown();
		queued.get(5, TimeUnit.SECONDS);
		long done = System.nanoTime();

		long late = completedStats(3).delayNanos() - before;
		// The queued task was due once submitted and ran once released; the holder was hardly late.
		assertThat(late).isBetween(released - submitted, done - beforeSubmit + holderLateAtMost);
	}

	private int queuedOnTheLoop() {
		return loopSnapshot().queued();
	}

	private TaskStats completedStats(int tasks) {
		return await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.directory().executor("loop").stats(),
				(stats) -> stats.completed() == tasks);
	}

	private ExecutorSnapshot loopSnapshot() {
		return this.engine.executors().stream().filter((executor) -> executor.name().equals("loop")).findFirst()
			.orElseThrow();
	}

}
