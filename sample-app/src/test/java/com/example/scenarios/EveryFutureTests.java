package com.example.scenarios;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.UnretrievedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every future in debug mode, on a real application: futures dropped after they
 * failed are reported once the garbage collector has them, wherever they were made;
 * futures whose failure was handled are not.
 */
@SpringBootTest(classes = FuturesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "asyncloop.debug=true", "asyncloop.dashboard.enabled=false",
				"spring.task.execution.mode=force" })
@AutoConfigureWebTestClient
class EveryFutureTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Engine engine;

	@Test
	void droppedFailuresAreReportedAndHandledOnesAreNot() {
		for (String path : List.of("/futures/common-pool", "/futures/worker", "/futures/dependent", "/futures/pool",
				"/futures/handled")) {
			this.client.get().uri(path).exchange().expectStatus().isOk();
		}
		List<String> expected = List.of("common pool, dropped", "worker, dropped", "dependent stage, dropped",
				"executor service bean, dropped");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			System.gc();
			this.engine.settle(Duration.ofSeconds(1));
			assertThat(messages()).containsAll(expected);
		});
		// A second collection finds nothing more: the handled failures stay unreported.
		System.gc();
		this.engine.settle(Duration.ofSeconds(5));
		assertThat(messages()).containsExactlyInAnyOrderElementsOf(expected);
	}

	private List<String> messages() {
		return this.engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION).stream()
			.map(UnretrievedException.class::cast)
			.map((lost) -> lost.exception().substring(lost.exception().indexOf(": ") + 2))
			.toList();
	}

}
