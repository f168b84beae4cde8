package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint behind Spring Security, as it should be in production and as the README
 * shows it: anonymous callers are refused, an authenticated user without the role sees
 * findings without stacks and may not change settings or clear findings, a user with
 * the role may do all of it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=asyncloop",
				"management.endpoint.asyncloop.show-stacks=when-authorized",
				"management.endpoint.asyncloop.roles=ASYNCLOOP", "asyncloop.slow-callback-duration=50ms",
				// Security on; Tomcat's reactive server stays off, as for every test here.
				"spring.autoconfigure.exclude="
						+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration" })
@AutoConfigureWebTestClient
class AsyncLoopEndpointSecurityTests {

	@Autowired
	private Engine engine;

	@Autowired
	private WebTestClient client;

	@Autowired
	private DebugEventLoop loop;

	private final HeldTasks held = new HeldTasks();

	@AfterEach
	void release() {
		this.held.release();
	}

	@Test
	void anonymousCallerIsRefused() {
		this.client.get().uri("/actuator/asyncloop").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void userWithoutTheRoleSeesNoStacks() {
		Map<String, Object> slow = slowCallback("viewer");
		assertThat(slow).containsEntry("task", "stuckJob").doesNotContainKey("stack");
	}

	@Test
	void userWithTheRoleSeesStacks() {
		Map<String, Object> slow = slowCallback("admin");
		assertThat((List<String>) slow.get("stack")).anyMatch((frame) -> frame.contains("CountDownLatch.await"));
	}

	@Test
	void userWithoutTheRoleMayNotChangeSettingsOrClearFindings() {
		slowCallback("viewer");

		post("viewer", Map.of("slowCallbackDuration", "250ms", "debug", true)).expectStatus().isForbidden();
		this.client.delete()
			.uri("/actuator/asyncloop")
			.headers((headers) -> headers.setBasicAuth("viewer", "secret"))
			.exchange()
			.expectStatus()
			.isForbidden();

		assertThat(this.engine.settings().slowCallbackDuration()).hasMillis(50);
		assertThat(this.engine.settings().isDebug()).isFalse();
		assertThat(this.engine.findings().count(FindingKind.SLOW_CALLBACK)).isPositive();
	}

	@Test
	void userWithTheRoleChangesSettingsAndClearsFindings() {
		slowCallback("admin");
		try {
			post("admin", Map.of("slowCallbackDuration", "250ms")).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.slowCallbackDuration")
				.isEqualTo("PT0.25S");
			assertThat(this.engine.settings().slowCallbackDuration()).hasMillis(250);

			this.client.delete()
				.uri("/actuator/asyncloop")
				.headers((headers) -> headers.setBasicAuth("admin", "secret"))
				.exchange()
				.expectStatus()
				.is2xxSuccessful();
			assertThat(this.engine.findings().count(FindingKind.SLOW_CALLBACK)).isZero();
		}
		finally {
			this.engine.settings().setSlowCallbackDuration(Duration.ofMillis(50));
		}
	}

	private WebTestClient.ResponseSpec post(String user, Map<String, Object> body) {
		return this.client.post()
			.uri("/actuator/asyncloop")
			.headers((headers) -> headers.setBasicAuth(user, "secret"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * The slow-callbacks entry of a job stuck on the loop, as {@code user} sees it.
	 */
	private Map<String, Object> slowCallback(String user) {
		this.loop.execute(this.held.named("stuckJob"));
		return SlowCallbackReports.awaitEntry(this.client, "stuckJob",
				(headers) -> headers.setBasicAuth(user, "secret"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@org.springframework.scheduling.annotation.EnableScheduling
	@Import(EndpointSecurity.class)
	static class SecuredApplication {

	}

}
