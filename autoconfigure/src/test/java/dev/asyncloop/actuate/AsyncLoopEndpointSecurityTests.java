package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NamedTask;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
	private WebTestClient client;

	@Autowired
	private DebugEventLoop loop;

	@Autowired
	private AsyncLoopEngine engine;

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void release() {
		this.release.countDown();
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

	private Map<String, Object> slowCallback(String user) {
		this.loop.execute(NamedTask.named("stuckJob", () -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		return await().atMost(Duration.ofSeconds(5)).until(() -> {
			List<Map<String, Object>> entries = (List<Map<String, Object>>) this.client.get()
				.uri("/actuator/asyncloop/slow-callbacks")
				.headers((headers) -> headers.setBasicAuth(user, "secret"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.returnResult()
				.getResponseBody()
				.get("slowCallbacks");
			return entries.stream().filter((entry) -> "stuckJob".equals(entry.get("task"))).findFirst().orElse(null);
		}, (entry) -> entry != null);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@org.springframework.scheduling.annotation.EnableScheduling
	static class SecuredApplication {

		/**
		 * The README's: the actuator's endpoints for authenticated users over basic
		 * authentication, whose clients send no CSRF token.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityWebFilterChain actuatorSecurity(ServerHttpSecurity http) {
			return http.securityMatcher(EndpointRequest.toAnyEndpoint())
				.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername("viewer").password("{noop}secret").roles("VIEWER").build(),
					User.withUsername("admin").password("{noop}secret").roles("ASYNCLOOP").build());
		}

	}

}
