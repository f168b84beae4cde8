package com.example.shop;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * Handlers that compose the usual way (WebClient calls to the same server, zip,
 * flatMap, switchIfEmpty with an eager error, then, concatMap) and handlers that drop
 * a publisher, each in one of the ways it happens.
 */
@RestController
class ShopController {

	private final Environment environment;

	private volatile WebClient client;

	ShopController(Environment environment) {
		this.environment = environment;
	}

	@GetMapping("/stock/{id}")
	Mono<String> stock(@PathVariable String id) {
		return Mono.fromCallable(() -> "12 of " + id);
	}

	@GetMapping("/price/{id}")
	Mono<String> price(@PathVariable String id) {
		return id.equals("unpriced") ? Mono.empty() : Mono.just("3.50");
	}

	@GetMapping("/products/{id}")
	Mono<String> product(@PathVariable String id) {
		Mono<String> stock = client().get().uri("/stock/{id}", id).retrieve().bodyToMono(String.class);
		Mono<String> price = client().get()
			.uri("/price/{id}", id)
			.retrieve()
			.bodyToMono(String.class)
			.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no price for " + id)));
		return Mono.zip(stock, price)
			.flatMap((both) -> Helpers.audit(id).then(Helpers.describe(id, both.getT1(), both.getT2())));
	}

	@GetMapping("/products")
	Mono<List<String>> products() {
		return Flux.just("a", "b", "c")
			.concatMap((id) -> client().get().uri("/stock/{id}", id).retrieve().bodyToMono(String.class))
			.collectList()
			.delayUntil((stocks) -> Helpers.audit("listed " + stocks.size()));
	}

	@GetMapping("/prices")
	Flux<String> prices() {
		return Flux.just("a", "b")
			.flatMap((id) -> client().get().uri("/price/{id}", id).retrieve().bodyToMono(String.class))
			.onErrorResume((ex) -> Mono.just("unknown"))
			.timeout(Duration.ofSeconds(10));
	}

	@GetMapping("/dropped/helper")
	String droppedHelper() {
		Helpers.audit("dropped by a handler");
		return "audit forgotten";
	}

	@GetMapping("/dropped/lambda")
	Mono<String> droppedInLambda() {
		return Mono.just("order").doOnNext((order) -> Mono.fromRunnable(() -> ship(order)));
	}

	@GetMapping("/dropped/local")
	String droppedLocal() {
		Mono<String> confirmation = Mono.fromCallable(() -> "confirmed").map(String::toUpperCase);
		return "confirmation forgotten";
	}

	@GetMapping("/dropped/webclient")
	String droppedWebClientCall() {
		client().get().uri("/stock/{id}", "forgotten").retrieve().bodyToMono(String.class);
		return "call forgotten";
	}

	private void ship(String order) {
		if (order.isEmpty()) {
			throw new IllegalArgumentException("nothing to ship");
		}
	}

	private WebClient client() {
		WebClient client = this.client;
		if (client == null) {
			client = WebClient.builder().baseUrl("http://localhost:" + this.environment.getProperty("local.server.port"))
				.build();
			this.client = client;
		}
		return client;
	}

}
