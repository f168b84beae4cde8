package com.example.shop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NeverAwaited;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishers built anywhere in an ordinary WebFlux application, on a real server whose
 * handlers call it back over loopback with WebClient: what the request path, Reactor
 * Netty, WebClient and the application's own composition assemble is never reported;
 * a {@code Mono} the application drops is, named after the method that assembled it.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "asyncloop.debug=true", "management.endpoints.web.exposure.include=asyncloop",
				"management.endpoint.asyncloop.show-stacks=always" })
@AutoConfigureWebTestClient(timeout = "10s")
@ExtendWith(OutputCaptureExtension.class)
class NeverSubscribedOnAWebFluxServerTests {

	@Autowired
	private Engine engine;

	@Autowired
	private WebTestClient client;

	@BeforeEach
	void clearFindings() {
		this.engine.findings().clear();
	}

	@Test
	void composedPublishersOfTheRequestPathAreNeverReported() {
		for (int i = 0; i < 3; i++) {
			this.client.get().uri("/products/p" + i).exchange().expectStatus().isOk().expectBody(String.class)
				.isEqualTo("p" + i + ": 12 of p" + i + " at 3.50");
			this.client.get().uri("/products/unpriced").exchange().expectStatus().isNotFound();
			this.client.get().uri("/products").exchange().expectStatus().isOk().expectBody(String.class)
				.isEqualTo("[\"12 of a\",\"12 of b\",\"12 of c\"]");
			this.client.get().uri("/prices").exchange().expectStatus().isOk();
			this.client.get().uri("/reviews/r" + i).exchange().expectStatus().isOk().expectBody(String.class)
				.isEqualTo("5 stars for r" + i);
			this.client.get().uri("/actuator/asyncloop").exchange().expectStatus().isOk();
		}
		dropCanary();

		// Once the canary, dropped last, is reported, whatever was dropped before it has been
		// collected too; one more full look of the watchdog takes in what that collection cleared.
		awaitReported((never) -> never.name().endsWith(".dropCanary"));
		this.engine.settle(Duration.ofSeconds(1));
		assertThat(this.engine.findings().list(FindingKind.NEVER_AWAITED)).map(NeverAwaited.class::cast)
			.extracting(NeverAwaited::name)
			.containsExactly("NeverSubscribedOnAWebFluxServerTests.dropCanary");
	}

	@Test
	void monoDroppedByAStaticHelperIsReportedWhereItWasAssembled(CapturedOutput output) {
		this.client.get().uri("/dropped/helper").exchange().expectStatus().isOk();

		NeverAwaited never = awaitOne((found) -> found.name().equals("Helpers.audit"));
		assertThat(never.type()).isEqualTo("Mono");
		assertThat(never.returned()).isFalse();
		assertThat(never.createdAt()).first().asString().startsWith(Helpers.class.getName() + ".audit(");
		assertThat(never.createdAt()).anyMatch((frame) -> frame.startsWith(ShopController.class.getName() + ".droppedHelper("));
		assertThat(output).contains("Mono assembled at Helpers.audit was never subscribed");
	}

	@Test
	void monoDroppedInALambdaIsReportedWhereItWasAssembled() {
		this.client.get().uri("/dropped/lambda").exchange().expectStatus().isOk();

		NeverAwaited never = awaitOne((found) -> found.name().startsWith("ShopController.droppedInLambda"));
		assertThat(never.name()).isEqualTo("ShopController.droppedInLambda (lambda)");
		assertThat(never.createdAt()).first().asString()
			.startsWith(ShopController.class.getName() + ".lambda$droppedInLambda$");
	}

	@Test
	void monoLeftInALocalVariableIsReportedWhereItWasAssembled() {
		this.client.get().uri("/dropped/local").exchange().expectStatus().isOk();

		NeverAwaited never = awaitOne((found) -> found.name().equals("ShopController.droppedLocal"));
		assertThat(never.type()).isEqualTo("Mono");
		assertThat(never.createdAt()).first().asString().startsWith(ShopController.class.getName() + ".droppedLocal(");
	}

	@Test
	void droppedWebClientCallIsReportedInTheEndpointWhereTheHandlerMadeIt() {
		this.client.get().uri("/dropped/webclient").exchange().expectStatus().isOk();

		awaitOne((found) -> found.name().equals("ShopController.droppedWebClientCall"));
		List<Map<String, Object>> entries = this.client.get()
			.uri("/actuator/asyncloop/never-awaited")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("neverAwaited");
		assertThat(entries).singleElement().satisfies((entry) -> {
			assertThat(entry).containsEntry("name", "ShopController.droppedWebClientCall")
				.containsEntry("type", "Mono")
				.containsKey("time");
			assertThat((List<?>) entry.get("createdAt")).first()
				.asString()
				.startsWith(ShopController.class.getName() + ".droppedWebClientCall(");
		});
	}

	private void dropCanary() {
		Mono.fromCallable(() -> "canary").map(String::length);
	}

	private NeverAwaited awaitOne(Predicate<NeverAwaited> wanted) {
		List<NeverAwaited> reported = awaitReported(wanted);
		assertThat(reported).filteredOn(wanted).hasSize(1);
		return reported.stream().filter(wanted).findFirst().orElseThrow();
	}

	/**
	 * Collects garbage until a finding {@code wanted} is reported; the watchdog watches
	 * new publishers by reference within a tenth of a second, and reports those
	 * collected at its next look.
	 */
	private List<NeverAwaited> awaitReported(Predicate<NeverAwaited> wanted) {
		return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			System.gc();
			return this.engine.findings()
				.list(FindingKind.NEVER_AWAITED)
				.stream()
				.map(NeverAwaited.class::cast)
				.toList();
		}, (found) -> found.stream().anyMatch(wanted));
	}

}
