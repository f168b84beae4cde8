package com.example.framework;

import reactor.core.publisher.Mono;

/**
 * A framework class, outside the application's packages, that assembles a publisher
 * for its own use while the application calls it, and may never need it: the way
 * test clients keep a response body they read only on demand.
 */
public final class LazyClient {

	/**
	 * Returns a result holding a body publisher the framework subscribes only if asked.
	 */
	public Result call(String request) {
		return new Result(Mono.fromCallable(() -> "body of " + request).map(String::trim));
	}

	/**
	 * Returns a publisher to the application.
	 */
	public Mono<String> body(String request) {
		return Mono.fromCallable(() -> "body of " + request).map(String::trim);
	}

	public record Result(Mono<String> body) {
	}

}
