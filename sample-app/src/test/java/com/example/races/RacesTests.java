package com.example.races;

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
import dev.asyncloop.core.ThreadSafety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thread safety in debug mode, on a real application: sinks and subscribers fed from
 * two threads by mistake are reported, each as what it is; what serializes by design
 * is not.
 */
@SpringBootTest(classes = RacesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "asyncloop.debug=true", "asyncloop.dashboard.enabled=false" })
@AutoConfigureWebTestClient(timeout = "30s")
class RacesTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Engine engine;

	@Test
	void racesAreReportedAndWhatSerializesIsNot() {
		for (String path : List.of("/calm/busy-looping", "/calm/create", "/calm/merge", "/calm/one-thread")) {
			this.client.get().uri(path).exchange().expectStatus().isOk();
		}
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(races()).isEmpty();

		for (String path : List.of("/races/ignored-results", "/races/unsafe-sink", "/races/push",
				"/races/hand-written-publisher")) {
			this.client.get().uri(path).exchange().expectStatus().isOk();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(races())
			// Without the line, and without the number javac gives a lambda (it differs between JDKs).
			.extracting((race) -> race.operation() + " into "
					+ race.subject().replaceAll("\\(\\w+\\.java:\\d+\\)", "").replaceAll("\\$\\d+$", ""))
			.contains("Sinks.Many.tryEmitNext into Sinks.Many made at RacesApplication$RacesController.<init>",
					"Sinks.Many.tryEmitNext into Sinks.unsafe() Sinks.Many made at RacesApplication$RacesController.<init>",
					"FluxSink.next into FluxSink of Flux.push made at RacesApplication$RacesController.lambda$push",
					"onNext into the subscriber of a Publisher lambda of RacesApplication$RacesController"));
		assertThat(races()).allSatisfy((race) -> {
			assertThat(race.thread()).startsWith("feed-");
			assertThat(race.stack()).anyMatch((frame) -> frame.startsWith("com.example.races."));
		});
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(races()).noneMatch((race) -> race.subject().contains("oneThread")
				|| race.subject().contains("create") || race.operation().contains("emitNext"));
	}

	private List<ThreadSafety> races() {
		return this.engine.findings().list(FindingKind.THREAD_SAFETY).stream().map(ThreadSafety.class::cast).toList();
	}

}
