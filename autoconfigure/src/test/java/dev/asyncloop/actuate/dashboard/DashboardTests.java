package dev.asyncloop.actuate.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The live monitor page on real servers: reactive and servlet, on the application's
 * server and on a separate management server, and absent unless asked for.
 */
class DashboardTests {

	private static final String EXPOSED = "--management.endpoints.web.exposure.include=asyncloop";

	private static final String ENABLED = "--asyncloop.dashboard.enabled=true";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void pageAndItsFilesAreServedOnAReactiveServer() throws Exception {
		String base = base(start(WebApplicationType.REACTIVE, EXPOSED, ENABLED), "local.server.port");
		HttpResponse<String> page = get(base + "/asyncloop");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardPage.CONTENT_SECURITY_POLICY);
		assertThat(page.body()).contains("data-endpoint=\"actuator/asyncloop\"")
			.contains("src=\"asyncloop/dashboard.js\"")
			.contains("src=\"asyncloop/uPlot.iife.min.js\"")
			.doesNotContain("http://", "https://");
		for (String asset : List.of("dashboard.js", "dashboard.css", "uPlot.iife.min.js", "uPlot.min.css")) {
			HttpResponse<String> file = get(base + "/asyncloop/" + asset);
			assertThat(file.statusCode()).as(asset).isEqualTo(200);
			assertThat(file.body()).as(asset).isNotEmpty();
		}
		assertThat(get(base + "/asyncloop/application.yml").statusCode()).isEqualTo(404);
		assertThat(get(base + "/actuator/asyncloop").statusCode()).isEqualTo(200);
	}

	@Test
	void pageIsServedOnAServletServer() throws Exception {
		String base = base(start(WebApplicationType.SERVLET, EXPOSED, ENABLED), "local.server.port");
		HttpResponse<String> page = get(base + "/asyncloop");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-endpoint=\"actuator/asyncloop\"");
		assertThat(get(base + "/asyncloop/uPlot.iife.min.js").statusCode()).isEqualTo(200);
		assertThat(get(base + "/actuator/asyncloop").statusCode()).isEqualTo(200);
	}

	@Test
	void pathAnswers404WhenTheDashboardIsNotEnabled() throws Exception {
		String base = base(start(WebApplicationType.REACTIVE, EXPOSED), "local.server.port");
		assertThat(get(base + "/asyncloop").statusCode()).isEqualTo(404);
		assertThat(get(base + "/asyncloop/dashboard.js").statusCode()).isEqualTo(404);
	}

	@Test
	void pageIsNotServedWhenTheEndpointIsNotExposed() throws Exception {
		String base = base(start(WebApplicationType.REACTIVE, ENABLED), "local.server.port");
		assertThat(get(base + "/asyncloop").statusCode()).isEqualTo(404);
	}

	@Test
	void pageMovesToTheManagementServerWithTheEndpoints() throws Exception {
		ConfigurableApplicationContext context = start(WebApplicationType.REACTIVE, EXPOSED, ENABLED,
				"--management.server.port=0");
		assertThat(get(base(context, "local.server.port") + "/asyncloop").statusCode()).isEqualTo(404);
		String management = base(context, "local.management.port");
		assertThat(get(management + "/asyncloop").statusCode()).isEqualTo(200);
		assertThat(get(management + "/asyncloop/dashboard.js").statusCode()).isEqualTo(200);
		assertThat(get(management + "/actuator/asyncloop").statusCode()).isEqualTo(200);
	}

	@Test
	void pageAtAnotherPathFindsTheEndpointByARelativeUrl() throws Exception {
		String base = base(start(WebApplicationType.REACTIVE, EXPOSED, ENABLED, "--asyncloop.dashboard.path=/ops/loop",
				"--management.endpoints.web.base-path=/manage"), "local.server.port");
		HttpResponse<String> page = get(base + "/ops/loop");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-endpoint=\"../manage/asyncloop\"").contains("src=\"loop/dashboard.js\"");
		assertThat(get(base + "/ops/loop/dashboard.js").statusCode()).isEqualTo(200);
		assertThat(get(base + "/asyncloop").statusCode()).isEqualTo(404);
	}

	@Test
	void invalidPathStopsStartupNamingTheProperty() {
		assertThatException()
			.isThrownBy(() -> start(WebApplicationType.REACTIVE, EXPOSED, ENABLED, "--asyncloop.dashboard.path=asyncloop/"))
			.withStackTraceContaining("asyncloop.dashboard.path")
			.withStackTraceContaining("asyncloop/");
	}

	private ConfigurableApplicationContext start(WebApplicationType type, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--server.port=0");
		all.add("--server.address=127.0.0.1");
		all.add("--spring.main.web-application-type=" + type.name().toLowerCase(java.util.Locale.ROOT));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).run(all.toArray(String[]::new));
		this.contexts.add(context);
		return context;
	}

	private static String base(ConfigurableApplicationContext context, String portProperty) {
		return "http://127.0.0.1:" + context.getEnvironment().getProperty(portProperty);
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
