package dev.asyncloop.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.asyncloop.core.internal.Engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure inside asyncloop's own reporting never fails, drops or repeats the
 * user's task, and the watchdog keeps watching.
 */
class InstrumentationFailureTests {

	@RegisterExtension
	final EngineWithLoop fixture = new EngineWithLoop(Duration.ofMillis(20));

	private final Engine engine = this.fixture.engine();

	private final ThreadPoolExecutor loop = this.fixture.loop();

	@Test
	void failingListenerNeverFailsTheTask() throws Exception {
		AtomicInteger reports = new AtomicInteger();
		this.engine.findings().addListener((finding) -> {
			reports.incrementAndGet();
			throw new IllegalStateException("broken reporter");
		});
		CompletableFuture<String> result = new CompletableFuture<>();
		CountDownLatch reported = new CountDownLatch(1);
		this.engine.findings().addListener((finding) -> reported.countDown());
		AtomicInteger runs = new AtomicInteger();
		this.loop.execute(() -> {
			runs.incrementAndGet();
			WatchdogTests.stuckOn(reported);
			result.complete("done");
		});

		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(runs).hasValue(1);
		await().until(() -> reports.get() >= 1);
		// The listener's failure is its own, logged naming it: not one of asyncloop's.
		assertThat(this.engine.tracking().errors().count()).isZero();
		assertThat(this.engine.isWatching()).isTrue();

		// Still watching: the next slow task is found too.
		CountDownLatch second = new CountDownLatch(1);
		this.engine.findings().addListener((finding) -> second.countDown());
		this.loop.execute(() -> WatchdogTests.stuckOn(second));
		assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void taskWhoseNameCannotBeComputedStillRunsAndIsReported() throws Exception {
		CountDownLatch reported = new CountDownLatch(1);
		this.engine.findings().addListener((finding) -> reported.countDown());
		CompletableFuture<String> result = new CompletableFuture<>();
		this.loop.execute(new Runnable() {
			@Override
			public void run() {
				WatchdogTests.stuckOn(reported);
				result.complete("done");
			}

			@Override
			public String toString() {
				throw new IllegalStateException("no name for you");
			}
		});
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(this.engine.findings().list(FindingKind.SLOW_CALLBACK)).singleElement()
			.satisfies((finding) -> assertThat(((SlowCallback) finding).task()).startsWith("InstrumentationFailureTests"));
	}

	@Test
	void failingTaskIsCountedAndItsExceptionPropagates() throws Exception {
		CompletableFuture<Throwable> seen = new CompletableFuture<>();
		Thread.UncaughtExceptionHandler handler = (thread, ex) -> seen.complete(ex);
		ThreadPoolExecutor pool = TestExecutors.pool(this.engine, "failing", ExecutorKind.BLOCKING, 1);
		pool.setThreadFactory((runnable) -> {
			Thread thread = this.engine.tracking()
				.threads()
				.newThread(this.engine.directory().executor("failing"), null, runnable, "failing-1");
			thread.setUncaughtExceptionHandler(handler);
			return thread;
		});
		try {
			pool.execute(() -> {
				throw new IllegalArgumentException("user failure");
			});
			assertThat(seen.get(5, TimeUnit.SECONDS)).hasMessage("user failure");
			await().until(() -> this.engine.directory().executor("failing").stats().failed() == 1);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
