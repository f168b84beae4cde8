package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.HeldWatchdog;
import dev.asyncloop.core.internal.EngineOptions;
import dev.asyncloop.core.internal.FindingWindow;
import dev.asyncloop.core.internal.RecordedFinding;
import dev.asyncloop.core.internal.TaskClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow task of the loop submitted just after a window (a test in test mode) opened
 * is that window's, though it waited in the loop's queue and its start read a late
 * tick of the task clock.
 */
class LoopFindingWindowTests {

	@RegisterExtension
	final EngineWithDebugLoop fixture = new EngineWithDebugLoop(
			EngineOptions.defaults().withSlowCallbackDuration(Duration.ofMillis(50)));

	@Test
	void aSlowTaskQueuedBehindAnotherJustAfterTheWindowOpenedIsItsOwn() throws Exception {
		TaskClock clock = this.fixture.engine().tracking().clock();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		FindingWindow window;
		try (HeldWatchdog held = HeldWatchdog.hold(this.fixture.engine())) {
			// The last tick is now well before the window opens, as when the watchdog is late.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> System.nanoTime() - clock.now() > TimeUnit.MILLISECONDS.toNanos(30));
			window = this.fixture.engine().openWindow();
			this.fixture.loop().execute(() -> {
				holding.countDown();
				Latches.awaitQuietly(release);
			});
			assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
			this.fixture.loop().execute(() -> holdFor(Duration.ofMillis(150)));
			// Queued behind the first for a while before either ends.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> System.nanoTime() - clock.now() > TimeUnit.MILLISECONDS.toNanos(60));
			release.countDown();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.fixture.engine().liveTasks(false).isEmpty());
		List<RecordedFinding> found = window.close(Duration.ofSeconds(5));
		assertThat(found).extracting((recorded) -> recorded.finding().subject())
			.anyMatch((task) -> task.startsWith("LoopFindingWindowTests"));
		assertThat(found).extracting((recorded) -> recorded.finding().kind()).contains(FindingKind.SLOW_CALLBACK);
	}

	private static void holdFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

}
