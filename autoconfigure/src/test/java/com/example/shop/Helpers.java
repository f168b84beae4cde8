package com.example.shop;

import reactor.core.publisher.Mono;

/**
 * Static helpers, as applications write them.
 */
final class Helpers {

	private Helpers() {
	}

	static Mono<Void> audit(String what) {
		return Mono.fromRunnable(() -> record(what)).then();
	}

	static Mono<String> describe(String id, String stock, String price) {
		return Mono.fromCallable(() -> id + ": " + stock + " at " + price);
	}

	private static void record(String what) {
		if (what.isEmpty()) {
			throw new IllegalArgumentException("nothing to audit");
		}
	}

}
