package dev.asyncloop.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.asyncloop.core.internal.Engine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's write operations behind Spring Security on a servlet server, secured
 * as the README shows: they need one of the endpoint's roles.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet",
				"management.endpoints.web.exposure.include=asyncloop",
				"management.endpoint.asyncloop.roles=ASYNCLOOP",
				// Security on, unlike the other tests of this module.
				"spring.autoconfigure.exclude=" })
class AsyncLoopEndpointServletSecurityTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Engine engine;

	@Test
	void onlyAUserWithTheRoleChangesSettings() throws Exception {
		Duration before = this.engine.settings().slowCallbackDuration();
		try {
			assertThat(post("viewer", "{\"slowCallbackDuration\":\"250ms\"}").statusCode()).isEqualTo(403);
			assertThat(this.engine.settings().slowCallbackDuration()).isEqualTo(before);

			HttpResponse<String> changed = post("admin", "{\"slowCallbackDuration\":\"250ms\"}");
			assertThat(changed.statusCode()).isEqualTo(200);
			assertThat(changed.body()).contains("\"slowCallbackDuration\":\"PT0.25S\"");
			assertThat(this.engine.settings().slowCallbackDuration()).hasMillis(250);
		}
		finally {
			this.engine.settings().setSlowCallbackDuration(before);
		}
	}

	private HttpResponse<String> post(String user, String json) throws Exception {
		String credentials = Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/asyncloop"))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@org.springframework.scheduling.annotation.EnableScheduling
	@Import(EndpointSecurity.class)
	static class SecuredApplication {

	}

}
