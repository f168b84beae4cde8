package com.example.uploads;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.ResourceLeak;
import dev.asyncloop.reactor.BufferLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leaked buffers in debug mode, on a real application with Netty's sampling as it is
 * (no paranoid level): request bodies joined and never released, and scratch buffers
 * dropped, are reported at the handler's own frames once collected; the handlers that
 * release stay silent.
 */
@SpringBootTest(classes = UploadsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "asyncloop.debug=true", "asyncloop.dashboard.enabled=false" })
@AutoConfigureWebTestClient(timeout = "30s")
class UploadsTests {

	/** Calls of each handler: Netty tracks a sample of buffers, so a leak is repeated. */
	private static final int CALLS = 300;

	private static final String CONTROLLER = UploadsApplication.UploadsController.class.getName();

	private static final String BODY = "line of an uploaded file\n".repeat(80);

	@Autowired
	WebTestClient client;

	@Autowired
	Engine engine;

	@Autowired
	BufferLeaks bufferLeaks;

	@Test
	void heldBuffersAreReportedAtTheHandlersFramesAndReleasedOnesAreNot() {
		for (int i = 0; i < CALLS; i++) {
			upload("/uploads/released");
			this.client.get().uri("/scratch/released").exchange().expectStatus().isOk().expectBody(String.class);
		}
		System.gc();
		this.bufferLeaks.lookNow();
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(leaksAt(CONTROLLER)).isEmpty();

		for (int i = 0; i < CALLS; i++) {
			upload("/uploads/joined");
			this.client.get().uri("/scratch/dropped").exchange().expectStatus().isOk().expectBody(String.class);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			System.gc();
			this.bufferLeaks.lookNow();
			assertThat(leaksAt(CONTROLLER + ".lambda$joined$")).isNotEmpty();
			assertThat(leaksAt(CONTROLLER + ".dropped(")).isNotEmpty();
		});
		assertThat(leaksAt(CONTROLLER)).allSatisfy((leak) -> assertThat(leak.resource()).isEqualTo("ByteBuf"))
			.noneSatisfy((leak) -> assertThat(frames(leak)).anyMatch((frame) -> frame.contains(".released(")
					|| frame.contains("lambda$released$")));
	}

	private void upload(String path) {
		this.client.post().uri(path).bodyValue(BODY).exchange().expectStatus().isOk().expectBody(String.class)
			.isEqualTo("received " + BODY.length() + " bytes");
	}

	private List<ResourceLeak> leaksAt(String frame) {
		return this.engine.findings().list(FindingKind.RESOURCE_LEAK).stream().map(ResourceLeak.class::cast)
			.filter((leak) -> frames(leak).anyMatch((line) -> line.startsWith(frame)))
			.toList();
	}

	private static Stream<String> frames(ResourceLeak leak) {
		return Stream.concat(leak.stack().stream(), leak.accessedAt().stream());
	}

}
