package com.example.races;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that feeds sinks and subscribers from two threads the everyday ways:
 * some of them take one thread at a time and lose signals (the mistakes), some
 * serialize by design (not mistakes).
 */
@SpringBootApplication
public class RacesApplication {

	/** Signals each of two threads sends: with the work each takes, they overlap for milliseconds. */
	static final int SIGNALS = 5_000;

	@RestController
	static class RacesController {

		private final Sinks.Many<Integer> quotes = Sinks.many().multicast().onBackpressureBuffer();

		private final Sinks.Many<Integer> ticks = Sinks.unsafe().many().multicast().directBestEffort();

		private final Sinks.Many<Integer> orders = Sinks.many().multicast().onBackpressureBuffer();

		private final AtomicLong digest = new AtomicLong();

		RacesController() {
			this.quotes.asFlux().subscribe(this::chart);
			this.ticks.asFlux().subscribe(this::chart);
			this.orders.asFlux().subscribe(this::chart);
		}

		@GetMapping("/races/ignored-results")
		Mono<Map<String, Object>> ignoredResults() {
			return offloaded(() -> {
				inTwoThreads(this.quotes::tryEmitNext);
			}, 2 * SIGNALS);
		}

		@GetMapping("/races/unsafe-sink")
		Mono<Map<String, Object>> unsafeSink() {
			return offloaded(() -> {
				inTwoThreads(this.ticks::tryEmitNext);
			}, 2 * SIGNALS);
		}

		@GetMapping("/races/push")
		Mono<Map<String, Object>> push() {
			return offloaded(() -> {
				Flux.<Integer>push((sink) -> inTwoThreads(sink::next)).subscribe(this::chart);
			}, 2 * SIGNALS);
		}

		@GetMapping("/races/hand-written-publisher")
		Mono<Map<String, Object>> handWrittenPublisher() {
			return offloaded(() -> {
				Publisher<Integer> feed = (subscriber) -> {
					subscriber.onSubscribe(new Subscription() {
						@Override
						public void request(long n) {
						}
	
						@Override
						public void cancel() {
						}
					});
					inTwoThreads(subscriber::onNext);
					subscriber.onComplete();
				};
				Flux.from(feed).map((value) -> value * 2).subscribe(this::chart);
			}, 2 * SIGNALS);
		}

		@GetMapping("/calm/busy-looping")
		Mono<Map<String, Object>> busyLooping() {
			return offloaded(() -> {
				inTwoThreads((value) -> this.orders.emitNext(value,
						Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(2))));
			}, 2 * SIGNALS);
		}

		@GetMapping("/calm/create")
		Mono<Map<String, Object>> create() {
			return offloaded(() -> {
				Flux.<Integer>create((sink) -> inTwoThreads(sink::next)).subscribe(this::chart);
			}, 2 * SIGNALS);
		}

		@GetMapping("/calm/merge")
		Mono<Map<String, Object>> merge() {
			return Flux.merge(Flux.range(0, SIGNALS).publishOn(Schedulers.parallel()).doOnNext(this::chart),
					Flux.range(0, SIGNALS).publishOn(Schedulers.boundedElastic()).doOnNext(this::chart))
				.count()
				.map((count) -> Map.of("sent", count));
		}

		@GetMapping("/calm/one-thread")
		Mono<Map<String, Object>> oneThread() {
			return offloaded(() -> {
				Sinks.Many<Integer> prices = Sinks.unsafe().many().multicast().directBestEffort();
				prices.asFlux().subscribe(this::chart);
				for (int i = 0; i < SIGNALS; i++) {
					prices.tryEmitNext(i);
					this.quotes.tryEmitNext(i);
				}
				Flux.<Integer>push((sink) -> {
					for (int i = 0; i < SIGNALS; i++) {
						sink.next(i);
					}
				}).subscribe(this::chart);
			}, 3 * SIGNALS);
		}

		/**
		 * Runs {@code work} off the event loop (it waits for its threads), then answers.
		 */
		private static Mono<Map<String, Object>> offloaded(Runnable work, int sent) {
			return Mono.fromRunnable(work)
				.subscribeOn(Schedulers.boundedElastic())
				.then(Mono.fromSupplier(() -> Map.of("sent", sent)));
		}

		/**
		 * What a subscriber does with each signal: a little work, as a chart would.
		 */
		private void chart(int value) {
			long digest = this.digest.get();
			for (int round = 0; round < 2048; round++) {
				digest = digest * 31 + value;
			}
			this.digest.set(digest);
		}

		/**
		 * Two threads that start together each send {@link #SIGNALS} values; returns
		 * when both are done.
		 */
		private static void inTwoThreads(IntConsumer send) {
			CountDownLatch ready = new CountDownLatch(2);
			CountDownLatch done = new CountDownLatch(2);
			for (int feed = 0; feed < 2; feed++) {
				new Thread(() -> {
					try {
						ready.countDown();
						ready.await(5, TimeUnit.SECONDS);
						for (int i = 0; i < SIGNALS; i++) {
							send.accept(i);
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					finally {
						done.countDown();
					}
				}, "feed-" + feed).start();
			}
			try {
				done.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
