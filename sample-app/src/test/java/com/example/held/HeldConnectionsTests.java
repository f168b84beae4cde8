package com.example.held;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.ResourceLeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client connection held while no bytes flow, on a real application in debug mode:
 * the finding and the live transports say which request holds it, where the
 * application's code acquired it, and what the server was serving then.
 */
@SpringBootTest(classes = ReportsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "asyncloop.debug=true", "asyncloop.dashboard.enabled=false",
				"asyncloop.resources.held-connection-duration=1s", "server.shutdown=immediate",
				"management.endpoints.web.exposure.include=asyncloop",
				"management.endpoint.asyncloop.show-stacks=always" })
@AutoConfigureWebTestClient(timeout = "30s")
class HeldConnectionsTests {

	private static final String ACQUIRED_BY = ReportsApplication.ReportsController.class.getName() + ".startReport(";

	@Autowired
	WebTestClient client;

	@Autowired
	Engine engine;

	@Test
	@SuppressWarnings("unchecked")
	void heldConnectionNamesWhereTheApplicationAcquiredIt() {
		this.client.get().uri("/reports/start").exchange().expectStatus().isOk();

		List<Map<String, Object>> connections = await().atMost(Duration.ofSeconds(10))
			.until(() -> (List<Map<String, Object>>) resources().get("connections"),
					(open) -> open.stream().anyMatch(HeldConnectionsTests::isReportRequest));
		Map<String, Object> held = connections.stream().filter(HeldConnectionsTests::isReportRequest).findFirst()
			.orElseThrow();
		assertThat(held).containsEntry("acquiredWhileServing", "GET /reports/start");
		assertThat((List<String>) held.get("acquiredAt")).first().asString().startsWith(ACQUIRED_BY);

		ResourceLeak leak = await().atMost(Duration.ofSeconds(10)).until(this::heldConnection, (found) -> found != null);
		assertThat(leak.request()).isEqualTo("GET /reports/start");
		assertThat(leak.stack()).first().asString().startsWith(ACQUIRED_BY);
		assertThat(leak.detail()).contains("/upstream/report");
	}

	private static boolean isReportRequest(Map<String, Object> connection) {
		return "client".equals(connection.get("side"))
				&& String.valueOf(connection.get("request")).endsWith("/upstream/report");
	}

	private ResourceLeak heldConnection() {
		return this.engine.findings().list(FindingKind.RESOURCE_LEAK).stream().map(ResourceLeak.class::cast)
			.filter((leak) -> leak.resource().equals("connection"))
			.findFirst()
			.orElse(null);
	}

	private Map<String, Object> resources() {
		return this.client.get().uri("/actuator/asyncloop/resources").exchange().expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			}).returnResult().getResponseBody();
	}

}
