package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finding listeners cannot blind detection: each is told on a thread of its own, so
 * one that blocks or throws delays and silences only itself, while findings are made,
 * finished and given to the others as before.
 */
class FindingListenersTests {

	private final List<String> warnings = new CopyOnWriteArrayList<>();

	private final Engine engine = new Engine(EngineOptions.defaults()
		.withSlowCallbackDuration(Duration.ofMillis(50))
		.withLoggers((name) -> new Captured(name, this.warnings)));

	private final ThreadPoolExecutor loop;

	private final CountDownLatch releaseListener = new CountDownLatch(1);

	FindingListenersTests() {
		this.engine.start();
		this.loop = TestExecutors.pool(this.engine, "loop", ExecutorKind.NON_BLOCKING, 1);
	}

	@AfterEach
	void close() throws InterruptedException {
		this.releaseListener.countDown();
		this.loop.shutdownNow();
		this.loop.awaitTermination(5, TimeUnit.SECONDS);
		this.engine.close();
	}

	@Test
	void aListenerThatBlocksDelaysOnlyWhatItIsGiven() throws Exception {
		AtomicInteger stuckCalls = new AtomicInteger();
		this.engine.findings().addListener(new FindingListener() {
			@Override
			public void recorded(Finding finding) {
				stuckCalls.incrementAndGet();
				waitFor(FindingListenersTests.this.releaseListener);
			}
		});
		CapturedFindings other = new CapturedFindings();
		this.engine.findings().addListener(other);

		CountDownLatch releaseTask = new CountDownLatch(1);
		this.loop.execute(() -> waitFor(releaseTask));
		await().atMost(Duration.ofSeconds(5)).until(() -> !other.slowCallbacks().isEmpty());
		releaseTask.countDown();

		// The watchdog finished the slow callback and the other listener heard of it.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.findings()
			.list(FindingKind.SLOW_CALLBACK)
			.stream()
			.allMatch(Finding::finished));
		await().atMost(Duration.ofSeconds(5)).until(() -> !other.updated.isEmpty());
		assertThat(stuckCalls).hasValue(1);
	}

	@Test
	void aListenerThatThrowsIsNamedInTheLogAndTheOthersAreStillTold() {
		this.engine.findings().addListener(new Throwing());
		CapturedFindings other = new CapturedFindings();
		this.engine.findings().addListener(other);

		this.engine.findings().record(lost());
		this.engine.settle(Duration.ofSeconds(5));

		assertThat(other.recorded).hasSize(1);
		assertThat(this.warnings).anySatisfy((line) -> assertThat(line).contains("Finding listener throwing one failed"));
		assertThat(this.engine.tracking().errors().count()).isZero();
	}

	@Test
	void settlingWaitsUntilListenersWereGivenWhatWasFound() {
		CapturedFindings listener = new CapturedFindings();
		this.engine.findings().addListener(listener);
		for (int i = 0; i < 100; i++) {
			this.engine.findings().record(lost());
		}
		this.engine.settle(Duration.ofSeconds(5));
		assertThat(listener.recorded).hasSize(100);
	}

	private static UnretrievedException lost() {
		return new UnretrievedException("report", "loop", "java.lang.IllegalStateException: lost", List.of(),
				List.of(), Instant.now(), false, null, null);
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Throwing implements FindingListener {

		@Override
		public void recorded(Finding finding) {
			throw new IllegalStateException("cannot report");
		}

		@Override
		public String toString() {
			return "throwing one";
		}

	}

	/**
	 * Keeps the warnings logged.
	 */
	private record Captured(String name, List<String> warnings) implements System.Logger {

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public boolean isLoggable(Level level) {
			return true;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			if (level == Level.WARNING) {
				this.warnings.add(message);
			}
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			if (level == Level.WARNING) {
				this.warnings.add(format);
			}
		}

	}

}
