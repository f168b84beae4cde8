package dev.asyncloop.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * asyncio's {@code risky_task}, as an {@code @Async} method on the worker executor.
 */
@Component
class RiskyTasks {

	@Async
	public CompletableFuture<Void> riskyTask() {
		PitfallController.sleep(Duration.ofMillis(100));
		throw new IllegalArgumentException("This is a hidden exception!");
	}

}
