package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.JsonResponses;

import static org.awaitility.Awaitility.await;

/**
 * The slow-callbacks report as a client of the endpoint reads it.
 */
final class SlowCallbackReports {

	private SlowCallbackReports() {
	}

	/**
	 * The report's entry for {@code task}, once there is one: only this task's, since a
	 * cold server's first requests may stall its event loop too.
	 * @param headers what the client sends with each request, such as its credentials
	 */
	static Map<String, Object> awaitEntry(WebTestClient client, String task, Consumer<HttpHeaders> headers) {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> JsonResponses
				.list(client.get().uri("/actuator/asyncloop/slow-callbacks").headers(headers), "slowCallbacks")
				.stream()
				.filter((entry) -> task.equals(entry.get("task")))
				.findFirst()
				.orElse(null), Objects::nonNull);
	}

}
