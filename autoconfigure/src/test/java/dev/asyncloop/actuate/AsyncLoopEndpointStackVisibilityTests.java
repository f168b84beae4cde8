package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.NamedTask;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stacks can reveal an application's internals: like Spring Boot's env values, they
 * are hidden unless {@code management.endpoint.asyncloop.show-stacks} says otherwise.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=asyncloop", "asyncloop.slow-callback-duration=50ms" })
@AutoConfigureWebTestClient
class AsyncLoopEndpointStackVisibilityTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private DebugEventLoop loop;

	@Test
	void stacksAreHiddenByDefault() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.loop.execute(NamedTask.named("stuckJob", () -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		try {
			Map<String, Object> slow = await().atMost(Duration.ofSeconds(5)).until(() -> {
				List<Map<String, Object>> entries = (List<Map<String, Object>>) get("/actuator/asyncloop/slow-callbacks")
					.get("slowCallbacks");
				// Only this task's: a cold server's first requests may stall its event loop too.
				return entries.stream().filter((entry) -> "stuckJob".equals(entry.get("task"))).findFirst().orElse(null);
			}, (entry) -> entry != null);
			assertThat(slow).containsEntry("task", "stuckJob").doesNotContainKey("stack");
		}
		finally {
			release.countDown();
		}
	}

	private Map<String, Object> get(String path) {
		return this.client.get().uri(path).exchange().expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			}).returnResult().getResponseBody();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@org.springframework.scheduling.annotation.EnableScheduling
	static class TestApplication {

	}

}
