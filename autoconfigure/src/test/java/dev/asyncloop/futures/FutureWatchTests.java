package dev.asyncloop.futures;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.UnretrievedException;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every future of the JVM, in debug mode: one that fails and is garbage collected
 * with nobody having looked at its exception is reported, whatever made it; one whose
 * exception somebody looked at, even late, is not.
 */
class FutureWatchTests {

	private final Engine engine = new Engine(EngineOptions.defaults().withDebug(true));

	private FutureWatch watch;

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@BeforeEach
	void start() {
		this.engine.start();
		this.watch = FutureWatch.start(this.engine);
		this.watch.awaitStarted(Duration.ofSeconds(30));
		assertThat(this.watch.isWatching()).isTrue();
	}

	@AfterEach
	void close() throws InterruptedException {
		this.watch.close();
		this.engine.close();
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void droppedFutureOfTheCommonPoolThatFailedIsReported() {
		dropAfterItFails(() -> CompletableFuture.runAsync(() -> {
			throw new IllegalStateException("nobody is listening");
		}));
		UnretrievedException lost = awaitReported("nobody is listening");
		// Also with fewer than three cores, where CompletableFuture runs each async task on a new thread.
		assertThat(lost.executor()).isEqualTo("ForkJoinPool.commonPool");
		assertThat(lost.task()).isEqualTo("FutureWatchTests.droppedFutureOfTheCommonPoolThatFailedIsReported (lambda)");
		// Made in the supplier the test hands its helper.
		assertThat(lost.createdAt()).first().asString()
			.startsWith(FutureWatchTests.class.getName() + ".lambda$droppedFutureOfTheCommonPoolThatFailedIsReported");
	}

	@Test
	void droppedFailedFuturesAreReportedWithinSecondsThoughNobodyCollects() {
		for (int i = 0; i < 5; i++) {
			dropAfterItFails(() -> CompletableFuture.runAsync(() -> {
				throw new IllegalStateException("dropped without a collection");
			}));
		}
		// No System.gc() here: asyncloop asks for a collection when findings wait for one.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION).stream()
				.filter((lost) -> ((UnretrievedException) lost).exception().endsWith("dropped without a collection"))
				.count() == 5);
	}

	@Test
	void droppedFutureOfAnyExecutorThatFailedIsReported() {
		dropAfterItFails(() -> CompletableFuture.supplyAsync(FutureWatchTests::fail, this.pool));
		assertThat(awaitReported("failed on purpose").executor()).matches("pool-\\d+-thread");
	}

	@Test
	void droppedDependentStageThatFailedIsReported() {
		CompletableFuture<String> source = CompletableFuture.completedFuture("fine");
		dropAfterItFails(() -> source.thenApply((value) -> fail()));
		awaitReported("failed on purpose");
	}

	@Test
	void futureCompletedExceptionallyByHandAndDroppedIsReported() {
		dropAfterItFails(() -> {
			CompletableFuture<String> future = new CompletableFuture<>();
			future.completeExceptionally(new IllegalArgumentException("by hand"));
			return future;
		});
		awaitReported("by hand");
	}

	@Test
	void droppedSubmitOfAPlainExecutorServiceThatFailedIsReported() {
		dropAfterItFails(() -> this.pool.submit(FutureWatchTests::fail));
		UnretrievedException lost = awaitReported("failed on purpose");
		assertThat(lost.executor()).matches("pool-\\d+-thread");
		assertThat(lost.task()).isEqualTo("FutureWatchTests.fail");
		assertThat(lost.createdAt()).first().asString()
			.startsWith(FutureWatchTests.class.getName() + ".lambda$droppedSubmitOfAPlainExecutorServiceThatFailedIsReported");
	}

	@Test
	void failuresSomebodyLookedAtAreNotReported() throws Exception {
		List<Supplier<Future<?>>> handled = List.of(
				() -> CompletableFuture.supplyAsync(FutureWatchTests::fail).exceptionally((ex) -> "recovered"),
				() -> CompletableFuture.supplyAsync(FutureWatchTests::fail).handle((value, ex) -> "handled"),
				() -> CompletableFuture.supplyAsync(FutureWatchTests::fail).whenComplete((value, ex) -> {
				}).exceptionally((ex) -> "then recovered"));
		for (Supplier<Future<?>> future : handled) {
			dropAfterItSettles(future);
		}
		// Looked at after it failed: joined, got, polled, checked.
		CompletableFuture<String> joined = CompletableFuture.supplyAsync(FutureWatchTests::fail);
		awaitDone(joined);
		assertThat(joined.isCompletedExceptionally()).isTrue();
		Future<String> got = this.pool.submit(FutureWatchTests::fail);
		awaitDone(got);
		assertThat(got).failsWithin(Duration.ofSeconds(5));
		WeakReference<Object> lookedAt = new WeakReference<>(joined);
		WeakReference<Object> gotten = new WeakReference<>(got);
		joined = null;
		got = null;
		awaitCollected(lookedAt, gotten);
		assertThat(this.engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION)).isEmpty();
	}

	@Test
	void aFailureLookedAtLateIsNotReported() {
		CompletableFuture<String> future = CompletableFuture.supplyAsync(FutureWatchTests::fail);
		awaitDone(future);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.pending() > 0);
		// Long after it failed, somebody looks.
		assertThat(future).isCompletedExceptionally();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.pending() == 0);
		WeakReference<Object> reference = new WeakReference<>(future);
		future = null;
		awaitCollected(reference);
		assertThat(this.engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION)).isEmpty();
	}

	private void dropAfterItFails(Supplier<Future<?>> make) {
		dropAfterItSettles(make);
	}

	/**
	 * Makes a future, waits until it is done without looking at its outcome, and drops it.
	 */
	private void dropAfterItSettles(Supplier<Future<?>> make) {
		Future<?> future = make.get();
		awaitDone(future);
	}

	private static void awaitDone(Future<?> future) {
		await().atMost(Duration.ofSeconds(5)).until(future::isDone);
	}

	private UnretrievedException awaitReported(String message) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			this.engine.settle(Duration.ofSeconds(1));
			return this.engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION).stream()
				.map(UnretrievedException.class::cast)
				.filter((lost) -> lost.exception().endsWith(message))
				.findFirst()
				.orElse(null);
		}, (found) -> found != null);
	}

	@SafeVarargs
	private void awaitCollected(WeakReference<Object>... references) {
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			return java.util.Arrays.stream(references).allMatch((reference) -> reference.get() == null);
		});
		this.engine.settle(Duration.ofSeconds(5));
	}

	private static String fail() {
		throw new IllegalStateException("failed on purpose");
	}

}
