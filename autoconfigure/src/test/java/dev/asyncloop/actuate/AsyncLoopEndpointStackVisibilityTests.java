package dev.asyncloop.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;

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
	void stacksAreHiddenByDefault() {
		try (HeldTasks held = new HeldTasks()) {
			this.loop.execute(held.named("stuckJob"));
			Map<String, Object> slow = SlowCallbackReports.awaitEntry(this.client, "stuckJob", (headers) -> {
			});
			assertThat(slow).containsEntry("task", "stuckJob").doesNotContainKey("stack");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@org.springframework.scheduling.annotation.EnableScheduling
	static class TestApplication {

	}

}
