package com.example.checkout;

import reactor.core.publisher.Mono;

/**
 * An application bean with a reactive method; public so that a class-based proxy can
 * extend it.
 */
public class OrderService {

	public Mono<String> save(String order) {
		return Mono.just(order);
	}

}
