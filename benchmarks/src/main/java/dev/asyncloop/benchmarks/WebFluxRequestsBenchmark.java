package dev.asyncloop.benchmarks;

import java.time.Duration;

import com.example.catalog.CatalogApplication;
import io.micrometer.tracing.Tracer;
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

import dev.asyncloop.core.internal.Engine;

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
 * so the warm-up is a minute). {@code webflux-requests-traced} is the default mode again
 * in an application that traces every request with Micrometer Tracing's OpenTelemetry
 * bridge, against the same traced application with asyncloop off; the other modes
 * leave tracing out.
 */
@Warmup(iterations = 30, time = 2)
public class WebFluxRequestsBenchmark extends Comparison {

	/** How long a request may take before the operation fails instead of hanging the run. */
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/**
	 * asyncloop switched off, on in its default mode, on in debug mode; off and in its
	 * default mode with every request traced.
	 */
	@Param({ "off", "default", "debug", "off-traced", "default-traced" })
	public String mode;

	private WebClient client;

	@Setup
	public void start() {
		boolean traced = this.mode.endsWith("-traced");
		String asyncloop = this.mode.replace("-traced", "");
		ConfigurableApplicationContext context = closeAfterTrial(
				new SpringApplicationBuilder(CatalogApplication.class).web(WebApplicationType.REACTIVE)
					.run("--server.address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off",
							"--logging.level.root=WARN", "--asyncloop.dashboard.enabled=false",
							"--asyncloop.enabled=" + !asyncloop.equals("off"),
							"--asyncloop.debug=" + asyncloop.equals("debug"),
							traced ? "--management.tracing.sampling.probability=1.0" : CatalogApplication.UNTRACED));
		requireTracingAsAsked(context, traced);
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
		Engine engine = context.getBeanProvider(Engine.class).getIfAvailable();
		if (this.mode.startsWith("off")) {
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

	/**
	 * Fails the trial unless requests are traced as {@link #mode} says.
	 */
	private static void requireTracingAsAsked(ConfigurableApplicationContext context, boolean traced) {
		Tracer tracer = context.getBeanProvider(Tracer.class).getIfAvailable(() -> Tracer.NOOP);
		if ((tracer != Tracer.NOOP) != traced) {
			throw new IllegalStateException("The application's tracer is " + tracer.getClass().getName()
					+ ((traced) ? ", not OpenTelemetry's" : " although tracing was left out"));
		}
	}

	@Benchmark
	public String getCatalog() {
		return this.client.get().uri("/catalog").retrieve().bodyToMono(String.class).block(TIMEOUT);
	}

}
