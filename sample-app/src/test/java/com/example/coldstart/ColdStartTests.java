package com.example.coldstart;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.sample.ThreadDumpOnFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * asyncloop on an ordinary WebFlux application started in a JVM of its own, cold as
 * a real one starts: its first requests warm up Jackson, WebClient and Netty, and its
 * first scheduled run warms up logging. None of that is a mistake, and nothing is
 * reported. Then a handler that blocks its event loop on its very first request is.
 */
@SpringBootTest(classes = PetShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "asyncloop.debug=false", "asyncloop.dashboard.enabled=false" })
@AutoConfigureWebTestClient
@ExtendWith(ThreadDumpOnFailure.class)
class ColdStartTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Engine engine;

	@Test
	void warmUpIsNotReportedButABlockingHandlerIsOnItsFirstRequest() {
		WebTestClient client = this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		for (int round = 0; round < 3; round++) {
			client.get().uri("/owners/{id}", round).exchange().expectStatus().isOk().expectBody().jsonPath("$.name")
				.isEqualTo("Owner " + round);
			client.get().uri("/owners").exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(20);
			client.post().uri("/owners").bodyValue(PetShopApplication.owner(7)).exchange().expectStatus().isOk()
				.expectBody().jsonPath("$.id").isEqualTo(99);
			client.get().uri("/owners/{id}/remote", round).exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.pets[0].name").isEqualTo("Leo");
			client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		}
		// The scheduled job has run at least once too.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.engine.executors().stream()
			.anyMatch((executor) -> executor.name().equals("loop") && executor.completed() > 0));
		collectGarbageAndSettle();
		assertThat(allFindings()).isEmpty();

		client.get().uri("/reports/slow").exchange().expectStatus().isOk();
		SlowCallback stall = await().atMost(Duration.ofSeconds(10)).until(this::slowReport, (found) -> found != null);
		assertThat(stall.executor()).isEqualTo("netty");
		assertThat(stall.stack()).anyMatch((frame) -> frame.contains("OwnerController.slowReport("));
	}

	private SlowCallback slowReport() {
		return this.engine.findings().list(FindingKind.SLOW_CALLBACK).stream().map(SlowCallback.class::cast)
			.filter((slow) -> slow.task().equals("GET /reports/slow")).findFirst().orElse(null);
	}

	private void collectGarbageAndSettle() {
		System.gc(); // publishers never subscribed are found when they are collected
		this.engine.settle(Duration.ofSeconds(5));
	}

	private List<Finding> allFindings() {
		return java.util.Arrays.stream(FindingKind.values()).flatMap((kind) -> this.engine.findings().list(kind).stream())
			.toList();
	}

}
