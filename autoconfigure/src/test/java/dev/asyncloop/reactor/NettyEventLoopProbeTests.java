package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.asyncloop.JsonResponses;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.SlowCallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler that blocks a Reactor Netty event loop, on a real server: the stall is
 * reported as a slow callback on executor {@code netty}, named after the request's
 * route, with the handler in the stack taken while the loop was stalled, and the
 * loops' lag is in the summary.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=asyncloop",
				"management.endpoint.asyncloop.show-stacks=always" })
@AutoConfigureWebTestClient
class NettyEventLoopProbeTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private Engine engine;

	@Test
	void blockingHandlerStallsTheEventLoopAndIsReported() {
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.get()
			.uri("/sleepy/42")
			.exchange()
			.expectStatus()
			.isOk();

		SlowCallback stall = await().atMost(Duration.ofSeconds(5))
			.until(() -> this.engine.findings()
				.list(FindingKind.SLOW_CALLBACK)
				.stream()
				.map(SlowCallback.class::cast)
				.filter((slow) -> slow.executor().equals("netty") && slow.task().equals("GET /sleepy/{id}"))
				.findFirst(), java.util.Optional::isPresent)
			.get();
		assertThat(stall.stack()).anyMatch((frame) -> frame.startsWith(SleepyController.class.getName() + ".sleepy("));
		assertThat(stall.thread()).contains("-http-");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.engine.findings()
				.list(FindingKind.SLOW_CALLBACK)
				.stream()
				.map(SlowCallback.class::cast)
				.anyMatch((slow) -> slow.executor().equals("netty") && slow.finished()
						&& slow.duration().compareTo(Duration.ofMillis(400)) >= 0));
	}

	@Test
	void summaryShowsTheLagOfTheProbedLoops() {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Map<String, Object> netty = executors().stream()
				.filter((executor) -> "netty".equals(executor.get("name")))
				.findFirst()
				.orElseThrow();
			assertThat(netty).containsEntry("kind", "non-blocking").doesNotContainKey("queued");
			assertThat((Map<String, Object>) netty.get("lag")).containsKeys("maxMs", "p99Ms", "p50Ms", "samples");
		});
	}

	private List<Map<String, Object>> executors() {
		return JsonResponses.list(this.client.get().uri("/actuator/asyncloop"), "executors");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SleepyController.class)
	static class TestApplication {

	}

	@RestController
	static class SleepyController {

		@GetMapping("/sleepy/{id}")
		String sleepy(@org.springframework.web.bind.annotation.PathVariable String id) throws InterruptedException {
			Thread.sleep(500);
			return "slept on the event loop";
		}

	}

}
