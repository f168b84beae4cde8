package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.HeldWatchdog;
import dev.asyncloop.core.ThreadSafety;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signals raced from two threads, in debug mode: each mistake a user makes with a
 * sink or a hand-written publisher is reported with both threads, and what
 * serializes by design stays silent.
 */
class ThreadSafetyWatchTests {

	/** Emissions per thread: enough for two threads started together to overlap. */
	private static final int EMISSIONS = 20_000;

	private final Engine engine = new Engine(EngineOptions.defaults().withDebug(true));

	private ThreadSafetyWatch watch;

	@BeforeEach
	void start() {
		this.engine.start();
		this.watch = ThreadSafetyWatch.start(this.engine);
		assertThat(this.watch.isChecking()).isTrue();
	}

	@AfterEach
	void close() {
		this.watch.close();
		this.engine.close();
	}

	@Test
	void rejectedTryEmitNextWhoseResultTheApplicationGetsIsReportedAsLost() {
		Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
		Inside inside = new Inside();
		sink.asFlux().subscribe(inside::hold);
		inside.whileHeld(sink::tryEmitNext);
		ThreadSafety race = awaitRace();
		assertThat(race.operation()).isEqualTo("Sinks.Many.tryEmitNext");
		assertThat(race.lost()).isTrue();
		assertThat(race.thread()).isEqualTo("racer");
		assertThat(race.otherThread()).isEqualTo("holder");
		assertThat(race.otherStack()).anyMatch((frame) -> frame.contains("ThreadSafetyWatchTests$Inside.hold"));
		assertThat(race.subject()).startsWith("Sinks.Many made at ThreadSafetyWatchTests.rejectedTryEmitNext");
		assertThat(race.stack()).anyMatch((frame) -> frame.contains("ThreadSafetyWatchTests"));
		assertThat(race.createdAt()).first().asString()
			.startsWith(ThreadSafetyWatchTests.class.getName() + ".rejectedTryEmitNext");
	}

	@Test
	void racesRepeatedBetweenTheSameThreadsAreOneFindingThatCountsThem() {
		Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
		Inside inside = new Inside();
		sink.asFlux().subscribe(inside::hold);
		inside.whileHeld((value) -> {
			for (int i = 0; i < ((value == 1) ? 1 : 10); i++) {
				sink.tryEmitNext(value);
			}
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> races().size() == 1 && ((ThreadSafety) races().get(0)).count() == 10);
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(races()).hasSize(1);
		assertThat(this.engine.findings().count(FindingKind.THREAD_SAFETY)).isOne();
	}

	@Test
	void aRaceAfterAStormOfAnotherWhileTheWatchdogIsHeldStillHasItsStacks() throws InterruptedException {
		try (HeldWatchdog held = HeldWatchdog.hold(this.engine)) {
			Sinks.Many<Integer> stormy = Sinks.many().multicast().onBackpressureBuffer();
			Inside storm = new Inside();
			stormy.asFlux().subscribe(storm::hold);
			storm.whileHeld((value) -> {
				for (int i = 0; i < ((value == 1) ? 1 : 2_000); i++) {
					stormy.tryEmitNext(value);
				}
			});
			Sinks.Many<Integer> unsafe = Sinks.unsafe().many().multicast().directBestEffort();
			Inside after = new Inside();
			unsafe.asFlux().subscribe(after::hold);
			after.whileHeld(unsafe::tryEmitNext);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> races().size() == 2);
		assertThat(races()).allSatisfy((finding) -> assertThat(((ThreadSafety) finding).stack())
			.anyMatch((frame) -> frame.contains("ThreadSafetyWatchTests")));
	}

	@Test
	void emitNextWhoseFailureHandlerGivesUpIsReported() {
		Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
		Inside inside = new Inside();
		sink.asFlux().subscribe(inside::hold);
		inside.whileHeld((i) -> {
			try {
				sink.emitNext(i, Sinks.EmitFailureHandler.FAIL_FAST);
			}
			catch (Sinks.EmissionException ex) {
				// what a careless caller does
			}
		});
		ThreadSafety race = awaitRace();
		assertThat(race.operation()).isEqualTo("Sinks.Many.emitNext");
		assertThat(race.otherThread()).isEqualTo("holder");
		assertThat(race.lost()).isTrue();
	}

	@Test
	void busyLoopingEmitNextFromTwoThreadsIsSilent() {
		Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
		AtomicInteger received = new AtomicInteger();
		sink.asFlux().subscribe((value) -> received.incrementAndGet());
		inTwoThreadsAtOnce((i) -> sink.emitNext(i, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5))));
		assertThat(received).hasValue(2 * EMISSIONS);
		assertNoRaceAfterCanary();
	}

	@Test
	void unsafeSinkFedByTwoThreadsIsReported() {
		Sinks.Many<Integer> sink = Sinks.unsafe().many().multicast().directBestEffort();
		Inside inside = new Inside();
		sink.asFlux().subscribe(inside::hold);
		inside.whileHeld(sink::tryEmitNext);
		ThreadSafety race = awaitRace();
		assertThat(race.operation()).isEqualTo("Sinks.Many.tryEmitNext");
		assertThat(race.subject()).startsWith("Sinks.unsafe() Sinks.Many made at ");
		assertThat(race.otherActivity()).isEqualTo("inside Sinks.Many.tryEmitNext");
		assertThat(race.lost()).isFalse();
	}

	@Test
	void pushSinkFedByTwoThreadsIsReported() {
		Inside inside = new Inside();
		Flux<Integer> pushed = Flux.push((FluxSink<Integer> sink) -> inside.whileHeld(sink::next));
		pushed.subscribe(inside::hold);
		ThreadSafety race = awaitRace();
		assertThat(race.operation()).isEqualTo("FluxSink.next");
		assertThat(race.subject()).startsWith("FluxSink of Flux.push made at ThreadSafetyWatchTests.pushSink");
	}

	@Test
	void createSinkFedByTwoThreadsIsSilent() {
		AtomicInteger received = new AtomicInteger();
		Flux.<Integer>create((sink) -> inTwoThreadsAtOnce(sink::next)).subscribe((value) -> received.incrementAndGet());
		assertThat(received).hasValue(2 * EMISSIONS);
		assertNoRaceAfterCanary();
	}

	@Test
	void overlappingSignalsFromAHandWrittenPublisherAreReported() {
		Inside inside = new Inside(0);
		Publisher<Integer> racy = (subscriber) -> {
			subscriber.onSubscribe(new Subscription() {
				@Override
				public void request(long n) {
				}

				@Override
				public void cancel() {
				}
			});
			inside.whileHeld(subscriber::onNext);
		};
		Flux.from(racy).map((value) -> value - 1).subscribe(inside::hold);
		ThreadSafety race = awaitRace();
		assertThat(race.operation()).isEqualTo("onNext");
		assertThat(race.otherActivity()).isEqualTo("inside onNext");
		assertThat(race.subject()).startsWith("the subscriber of a Publisher lambda of ThreadSafetyWatchTests");
		assertThat(race.stack()).first().asString().contains("ThreadSafetyWatchTests");
	}

	@Test
	void mergeAcrossThreadsAndOneThreadEmittingAreSilent() {
		Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
		sink.asFlux().subscribe();
		for (int i = 0; i < EMISSIONS; i++) {
			sink.tryEmitNext(i);
		}
		Long count = Flux.merge(Flux.range(0, EMISSIONS).publishOn(Schedulers.parallel()),
				Flux.range(0, EMISSIONS).publishOn(Schedulers.boundedElastic()))
			.count()
			.block(Duration.ofSeconds(10));
		assertThat(count).isEqualTo(2L * EMISSIONS);
		assertNoRaceAfterCanary();
	}

	@Test
	void nothingIsCheckedWithDebugModeOff() {
		this.engine.settings().setDebug(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.watch.isChecking());
		Sinks.Many<Integer> sink = Sinks.unsafe().many().multicast().directBestEffort();
		assertThat(sink.getClass().getName()).startsWith("reactor.");
	}

	/**
	 * Two threads started together each call {@code emission} with 0 to
	 * {@link #EMISSIONS}; returns when both are done.
	 */
	private static void inTwoThreadsAtOnce(IntConsumer emission) {
		CyclicBarrier start = new CyclicBarrier(2);
		CountDownLatch done = new CountDownLatch(2);
		for (int t = 1; t <= 2; t++) {
			Thread racer = new Thread(() -> {
				try {
					start.await(5, TimeUnit.SECONDS);
					for (int i = 0; i < EMISSIONS; i++) {
						emission.accept(i);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				finally {
					done.countDown();
				}
			}, "racer-" + t);
			racer.start();
		}
		try {
			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A subscriber that holds the thread delivering {@code value} inside its
	 * {@code onNext}, so that another thread signals while one is surely inside.
	 */
	private static final class Inside {

		private final int held;

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		Inside() {
			this(1);
		}

		/**
		 * @param held the value whose delivery is held, as the subscriber receives it
		 */
		Inside(int held) {
			this.held = held;
		}

		void hold(int value) {
			if (value == this.held) {
				this.entered.countDown();
				await(this.released);
			}
		}

		/**
		 * Emits 1 on a thread named {@code holder} and, while it is held inside, 2 on one
		 * named {@code racer}.
		 */
		void whileHeld(IntConsumer emission) {
			Thread holder = new Thread(() -> emission.accept(1), "holder");
			holder.start();
			await(this.entered);
			Thread racer = new Thread(() -> emission.accept(2), "racer");
			racer.start();
			try {
				racer.join(10_000);
				this.released.countDown();
				holder.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static void await(CountDownLatch latch) {
			try {
				assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	private ThreadSafety awaitRace() {
		await().atMost(Duration.ofSeconds(10)).until(() -> !races().isEmpty());
		return (ThreadSafety) races().get(0);
	}

	/**
	 * Asserts that nothing was reported: one race made on purpose afterwards (the
	 * canary) is reported alone.
	 */
	private void assertNoRaceAfterCanary() {
		Sinks.Many<Integer> canary = Sinks.unsafe().many().multicast().directBestEffort();
		Inside inside = new Inside();
		canary.asFlux().subscribe(inside::hold);
		inside.whileHeld(canary::tryEmitNext);
		await().atMost(Duration.ofSeconds(10)).until(() -> !races().isEmpty());
		this.engine.settle(Duration.ofSeconds(5));
		assertThat(races()).allSatisfy((finding) -> assertThat(finding.subject()).startsWith("Sinks.unsafe()"));
	}

	private List<Finding> races() {
		return this.engine.findings().list(FindingKind.THREAD_SAFETY);
	}

}
