package com.example.futures;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.UnretrievedException;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;
import dev.asyncloop.futures.FutureWatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code CompletableFuture} the application makes itself and completes by hand, that
 * fails and is dropped: reported in debug mode with where the application made it, as
 * asyncio reports where a future was created. This class is the application here.
 */
class HandMadeFuturesTests {

	private final Engine engine = new Engine(EngineOptions.defaults()
		.withDebug(true)
		.withApplicationCode(ApplicationCode.inPackages(List.of(HandMadeFuturesTests.class.getPackageName()))));

	private FutureWatch watch;

	@BeforeEach
	void start() {
		assertThat(Till.FIRST).isNotNull(); // loaded before the watch starts
		this.engine.start();
		this.watch = FutureWatch.start(this.engine);
		this.watch.awaitStarted(Duration.ofSeconds(30));
		assertThat(this.watch.isWatching()).isTrue();
	}

	@AfterEach
	void close() {
		this.watch.close();
		this.engine.close();
	}

	@Test
	void aFutureMadeInAClassLoadedBeforeTheWatchStartedIsReportedWithWhereItWasMade() {
		dropAfterItFails(HandMadeFuturesTests::openAndFail);
		assertThat(awaitReported("made before").createdAt()).first()
			.asString()
			.startsWith(HandMadeFuturesTests.class.getName() + ".openAndFail(HandMadeFuturesTests.java:");
	}

	@Test
	void aFutureMadeInAClassLoadedAfterTheWatchStartedIsReportedWithWhereItWasMade() {
		dropAfterItFails(Ledger::close);
		assertThat(awaitReported("made after").createdAt()).first()
			.asString()
			.startsWith(Ledger.class.getName() + ".close(HandMadeFuturesTests.java:");
	}

	@Test
	void aClassWovenAfterItLoadedKeepsItsParameterNamesAndGetsThemBackWhenTheWatchCloses() throws Exception {
		new Till("second");
		assertThat(awaitReported("till second").createdAt()).first()
			.asString()
			.startsWith(Till.class.getName() + ".<init>(HandMadeFuturesTests.java:");
		// Spring autowires constructor arguments by these names.
		assertThat(Till.class.getDeclaredConstructor(String.class).getParameters()[0].getName()).isEqualTo("cashier");
		this.watch.close();
		assertThat(Till.class.getDeclaredConstructor(String.class).getParameters()[0].getName()).isEqualTo("cashier");
	}

	private static CompletableFuture<String> openAndFail() {
		CompletableFuture<String> future = new CompletableFuture<>();
		future.completeExceptionally(new IllegalStateException("made before"));
		return future;
	}

	private static void dropAfterItFails(java.util.function.Supplier<CompletableFuture<String>> make) {
		CompletableFuture<String> future = make.get();
		await().atMost(Duration.ofSeconds(5)).until(future::isDone);
	}

	private UnretrievedException awaitReported(String message) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			this.engine.settle(Duration.ofSeconds(1));
			return this.engine.findings()
				.list(FindingKind.UNRETRIEVED_EXCEPTION)
				.stream()
				.map(UnretrievedException.class::cast)
				.filter((lost) -> lost.exception().endsWith(message))
				.findFirst()
				.orElse(null);
		}, (found) -> found != null);
	}

	static final class Till {

		static final Till FIRST = new Till("first");

		Till(String cashier) {
			new CompletableFuture<String>().completeExceptionally(new IllegalStateException("till " + cashier));
		}

	}

	/** Loaded only once a test uses it, after the watch has started. */
	static final class Ledger {

		static CompletableFuture<String> close() {
			CompletableFuture<String> future = new CompletableFuture<>();
			future.completeExceptionally(new IllegalStateException("made after"));
			return future;
		}

	}

}
