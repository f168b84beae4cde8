package dev.asyncloop.sample;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Prices published to subscribers through a sink, from whatever thread a price comes
 * in on. A sink takes one emitting thread at a time: {@link #publishCarelessly} ignores
 * what {@code tryEmitNext} answers, so a price published while another thread is
 * emitting is silently dropped; {@link #publishSafely} lets Reactor retry until it
 * goes through.
 */
@Component
class PriceTicker {

	private final Sinks.Many<Integer> careless = Sinks.many().multicast().onBackpressureBuffer();

	private final Sinks.Many<Integer> safe = Sinks.many().multicast().onBackpressureBuffer();

	/** A digest of the prices seen, as a chart would keep: a little work per price. */
	private final AtomicLong digest = new AtomicLong();

	PriceTicker() {
		this.careless.asFlux().subscribe(this::record);
		this.safe.asFlux().subscribe(this::record);
	}

	/**
	 * The mistake: the result says whether the price went out, and nobody looks.
	 */
	void publishCarelessly(int price) {
		this.careless.tryEmitNext(price);
	}

	/**
	 * The fix: {@code busyLooping} retries while another thread is emitting.
	 */
	void publishSafely(int price) {
		this.safe.emitNext(price, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	private void record(int price) {
		long digest = this.digest.get();
		for (int round = 0; round < 2048; round++) {
			digest = digest * 31 + price;
		}
		this.digest.set(digest);
	}

}
