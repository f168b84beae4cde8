package com.example.checkout;

import java.util.function.Consumer;

import reactor.core.publisher.Mono;

/**
 * Application code, in a package of its own as an application's would be: assembles
 * a small pipeline and subscribes to it on every call.
 */
public final class Checkout {

	private Checkout() {
	}

	/**
	 * Prices an order and hands the total to {@code sink}.
	 */
	public static void confirm(String order, Consumer<Integer> sink) {
		Mono.fromCallable(() -> order.length() * 100).map((cents) -> cents + 99).subscribe(sink);
	}

}
