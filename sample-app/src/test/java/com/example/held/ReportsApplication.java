package com.example.held;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A WebFlux application that calls a slow upstream with the WebClient Spring Boot
 * builds: one handler starts a report in the background and returns, leaving the
 * connection held until the upstream answers, which it takes its time to do.
 */
@SpringBootApplication
public class ReportsApplication {

	@RestController
	static class ReportsController {

		private final WebClient.Builder builder;

		private final ApplicationContext context;

		ReportsController(WebClient.Builder builder, ApplicationContext context) {
			this.builder = builder;
			this.context = context;
		}

		/** Starts the report and answers at once. */
		@GetMapping("/reports/start")
		Mono<String> start() {
			startReport();
			return Mono.just("started");
		}

		private void startReport() {
			int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
			this.builder.build().get().uri("http://127.0.0.1:" + port + "/upstream/report").retrieve()
				.bodyToMono(String.class).subscribe();
		}

		/** The upstream: sends its headers, then nothing for a long while. */
		@GetMapping("/upstream/report")
		Flux<String> upstreamReport() {
			return Flux.concat(Mono.just("header\n"), Mono.delay(Duration.ofSeconds(20)).map((tick) -> "done\n"));
		}

	}

}
