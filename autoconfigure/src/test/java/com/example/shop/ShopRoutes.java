package com.example.shop;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A functional endpoint beside the annotated ones.
 */
@Configuration(proxyBeanMethods = false)
class ShopRoutes {

	@Bean
	RouterFunction<ServerResponse> reviews() {
		return RouterFunctions.route()
			.GET("/reviews/{id}", (request) -> Mono.fromCallable(() -> "5 stars for " + request.pathVariable("id"))
				.flatMap((text) -> ServerResponse.ok().bodyValue(text)))
			.build();
	}

}
