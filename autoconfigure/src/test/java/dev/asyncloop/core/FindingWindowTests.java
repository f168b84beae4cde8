package dev.asyncloop.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.asyncloop.core.internal.FindingWindow;
import dev.asyncloop.core.internal.RecordedFinding;
import dev.asyncloop.core.internal.TaskClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a window of time (a test in test mode) counts as its own: the findings whose
 * mistake began in it, though tasks date their submission by the watchdog's last tick.
 */
class FindingWindowTests {

	@RegisterExtension
	final EngineWithLoop loop = new EngineWithLoop(Duration.ofMillis(50));

	@Test
	void aTaskSubmittedJustAfterTheWindowOpenedIsItsOwnThoughItsClockReadAnEarlierTick() throws Exception {
		TaskClock clock = this.loop.engine().tracking().clock();
		FindingWindow window;
		try (HeldWatchdog held = HeldWatchdog.hold(this.loop.engine())) {
			// The last tick is now well before the window opens, as when the watchdog is late.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> System.nanoTime() - clock.now() > TimeUnit.MILLISECONDS.toNanos(30));
			window = this.loop.engine().openWindow();
			this.loop.loop().execute(() -> holdFor(Duration.ofMillis(150)));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loop.engine().liveTasks(false).isEmpty());
		List<RecordedFinding> found = window.close(Duration.ofSeconds(5));
		assertThat(found).extracting((recorded) -> recorded.finding().kind()).contains(FindingKind.SLOW_CALLBACK);
	}

	@Test
	void aSlowTaskSubmittedBeforeTheWindowOpenedIsNotItsOwn() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		this.loop.loop().execute(() -> {
			started.countDown();
			awaitQuietly(release);
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !this.loop.engine().findings().list(FindingKind.SLOW_CALLBACK).isEmpty());
		FindingWindow window = this.loop.engine().openWindow();
		// Its end is recorded in the window, but the mistake began before it.
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loop.engine().liveTasks(false).isEmpty());
		assertThat(window.close(Duration.ofSeconds(5))).isEmpty();
		assertThat(this.loop.engine().findings().list(FindingKind.SLOW_CALLBACK))
			.allSatisfy((finding) -> assertThat(finding.finished()).isTrue());
	}

	private static void holdFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
