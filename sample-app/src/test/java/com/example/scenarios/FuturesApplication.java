package com.example.scenarios;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that makes futures the everyday ways, some of them dropped after
 * they failed (the mistakes), some handled (not mistakes).
 */
@SpringBootApplication
@EnableAsync
public class FuturesApplication {

	@Bean(destroyMethod = "shutdown")
	ExecutorService reportPool() {
		return Executors.newFixedThreadPool(2);
	}

	static String fail(String why) {
		throw new IllegalStateException(why);
	}

	@RestController
	static class FuturesController {

		private final AsyncTaskExecutor applicationTaskExecutor;

		private final ExecutorService reportPool;

		FuturesController(@Qualifier("applicationTaskExecutor") AsyncTaskExecutor applicationTaskExecutor,
				ExecutorService reportPool) {
			this.applicationTaskExecutor = applicationTaskExecutor;
			this.reportPool = reportPool;
		}

		@GetMapping("/futures/common-pool")
		Map<String, String> commonPool() {
			CompletableFuture.runAsync(() -> fail("common pool, dropped"));
			return Map.of("made", "common-pool");
		}

		@GetMapping("/futures/worker")
		Map<String, String> worker() {
			CompletableFuture.supplyAsync(() -> fail("worker, dropped"), this.applicationTaskExecutor);
			return Map.of("made", "worker");
		}

		@GetMapping("/futures/dependent")
		Map<String, String> dependent() {
			CompletableFuture.completedFuture("price").thenApply((price) -> fail("dependent stage, dropped"));
			return Map.of("made", "dependent");
		}

		@GetMapping("/futures/pool")
		Map<String, String> pool() {
			this.reportPool.submit(() -> fail("executor service bean, dropped"));
			return Map.of("made", "pool");
		}

		@GetMapping("/futures/handled")
		Map<String, String> handled() {
			String recovered = CompletableFuture.supplyAsync(() -> fail("handled"))
				.exceptionally((ex) -> "recovered")
				.join();
			try {
				this.reportPool.submit(() -> fail("joined")).get();
			}
			catch (Exception ex) {
				recovered += ", caught";
			}
			CompletableFuture.supplyAsync(() -> fail("whenComplete"), this.applicationTaskExecutor)
				.whenComplete((value, ex) -> {
				})
				.handle((value, ex) -> "handled");
			return Map.of("result", recovered);
		}

	}

}
