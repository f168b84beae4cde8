package dev.asyncloop.benchmarks;

import java.time.Duration;

import com.example.catalog.CatalogApplication;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import dev.asyncloop.core.AsyncLoopEngine;

/**
 * What asyncloop costs a whole HTTP request, as an application that adds the starter
 * serves it: a {@code WebClient} on Reactor Netty sends {@code GET /catalog} over
 * loopback to a Spring Boot WebFlux application in the same JVM
 * ({@link CatalogApplication}), which answers with about 1 KB of JSON written by
 * Jackson, and the client reads the whole body ({@code webflux-requests} with asyncloop
 * in default mode, {@code webflux-requests-debug} in debug mode, each against the same
 * application with {@code asyncloop.enabled=false}). The figures of the other
 * benchmarks are each one mechanism on its own; this one is all of them at once, where
 * an application pays for them, next to what a request costs anyway. Requests are sent
 * one after the other on one kept-alive connection. Each mode runs in JVMs of its own,
 * so "off" never saw debug mode's instrumentation. The warm-up is longer than the
 * others': a request runs through Netty, Reactor, Spring and Jackson, and on two cores
 * the JIT compiler took 20 to 40 seconds of requests before their time stopped falling,
 * debug mode the longest (in full runs its requests still got faster after 30 seconds,
 * so the warm-up is a minute).
 */
@Warmup(iterations = 30, time = 2)
public class WebFluxRequestsBenchmark extends Comparison {

	/** How long a request may take before the operation fails instead of hanging the run. */
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** asyncloop switched off, on in its default mode, on in debug mode. */
	@Param({ "off", "default", "debug" })
	public String mode;

	private WebClient client;

	@Setup
	public void start() {
		ConfigurableApplicationContext context = closeAfterTrial(
				new SpringApplicationBuilder(CatalogApplication.class).web(WebApplicationType.REACTIVE)
					.run("--server.address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off",
							"--logging.level.root=WARN", "--asyncloop.dashboard.enabled=false",
							"--asyncloop.enabled=" + !this.mode.equals("off"),
							"--asyncloop.debug=" + this.mode.equals("debug")));
		requireAsyncLoopAsAsked(context);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		// One connection of the client's own, closed before the server: requests go one after the other.
		ConnectionProvider connections = ConnectionProvider.create("catalog-client", 1);
		closeAfterTrial(connections::dispose);
		HttpClient http = HttpClient.create(connections).responseTimeout(TIMEOUT);
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.baseUrl("http://127.0.0.1:" + port)
			.build();
	}

	/**
	 * Fails the trial unless asyncloop is installed as {@link #mode} says: a
	 * configuration that silently left it out (or in) would measure nothing.
	 */
	private void requireAsyncLoopAsAsked(ConfigurableApplicationContext context) {
		AsyncLoopEngine engine = context.getBeanProvider(AsyncLoopEngine.class).getIfAvailable();
		if (this.mode.equals("off")) {
			if (engine != null) {
				throw new IllegalStateException("asyncloop is installed although asyncloop.enabled=false");
			}
			return;
		}
		if (engine == null) {
			throw new IllegalStateException("The application started without asyncloop's auto-configuration");
		}
		if (engine.settings().isDebug() != this.mode.equals("debug")) {
			throw new IllegalStateException("asyncloop's debug mode is " + engine.settings().isDebug()
					+ " in mode '" + this.mode + "'");
		}
	}

	@Benchmark
	public String getCatalog() {
		return this.client.get().uri("/catalog").retrieve().bodyToMono(String.class).block(TIMEOUT);
	}

}
