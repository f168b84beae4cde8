package dev.asyncloop.futures;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JDK's futures that fail, as the instrumentation sees them.
 */
class FailedFuturesTests {

	private final JdkFutures futures = JdkFutures.acquire();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void release() throws InterruptedException {
		JdkFutures.release(this.futures);
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	/**
	 * A task that throws at once fails on the pool's thread while the caller is still
	 * returning from {@code runAsync}: the failure is kept before the caller has said
	 * where the future was made. Thousands of such races, each failure still knows.
	 */
	@Test
	void futureThatFailsWhileItIsStillBeingMadeKnowsWhereItWasMade() {
		int futures = 20_000;
		AtomicInteger collected = new AtomicInteger();
		AtomicInteger withoutSite = new AtomicInteger();
		Consumer<FailedFutures.Failure> count = (failure) -> {
			collected.incrementAndGet();
			if (failure.site() == null) {
				withoutSite.incrementAndGet();
			}
		};
		this.futures.failures().addListener(count);
		try {
			for (int i = 0; i < futures; i++) {
				CompletableFuture<Void> future = CompletableFuture.runAsync(FailedFuturesTests::fail, this.pool);
				// One at a time, so each is made while the pool's thread is free to run it at
				// once; waited for by spinning, since a waiting tool makes futures of its own.
				spinUntilDone(future);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				System.gc();
				this.futures.failures().drain();
				return collected.get() == futures;
			});
		}
		finally {
			this.futures.failures().removeListener(count);
		}
		assertThat(withoutSite).hasValue(0);
	}

	/**
	 * A stage is made to depend on a future (here {@code exceptionally}) just as the
	 * future fails on the pool's thread: the failure went to that stage, so nothing is
	 * left waiting to be reported, whichever of the two came first. Thousands of such
	 * races, none left.
	 */
	@Test
	void failureThatRacesTheStageHandlingItIsNotKept() {
		long from = System.nanoTime();
		for (int i = 0; i < 20_000; i++) {
			CompletableFuture<String> source = CompletableFuture.supplyAsync(FailedFuturesTests::failing, this.pool);
			spinUntilDone(source.exceptionally((ex) -> "recovered"));
		}
		assertThat(this.futures.failures().waitsBetween(from, System.nanoTime()))
			.as("a handled failure is still waiting to be reported").isFalse();
	}

	private static void spinUntilDone(CompletableFuture<?> future) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!future.isDone()) {
			assertThat(System.nanoTime() - deadline).as("nanoseconds past the deadline").isNegative();
			Thread.onSpinWait();
		}
	}

	private static String failing() {
		throw new IllegalStateException("failed on purpose");
	}

	private static void fail() {
		throw new IllegalStateException("failed on purpose");
	}

}
