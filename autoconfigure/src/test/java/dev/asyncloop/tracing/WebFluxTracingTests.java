package dev.asyncloop.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.asyncloop.JsonResponses;
import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.SlowCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application traced with Micrometer Tracing's OpenTelemetry bridge, on a
 * real server: a handler that blocks its event loop is found under the request's
 * trace (the caller's, when the request brought a {@code traceparent}), the finding is
 * an event on the request's span, and work the request submitted reports under it
 * too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { ExportedSpans.TRACING_ON, ExportedSpans.SAMPLE_ALL,
				"management.endpoints.web.exposure.include=asyncloop" })
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class WebFluxTracingTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private Engine engine;

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Test
	void blockingHandlerIsFoundUnderTheCallersTraceAndInTheRequestsSpan(CapturedOutput output) {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		get("/blocking", traceId);

		SlowCallback stall = SlowCallbacks.awaitOne(this.engine,
				(slow) -> slow.executor().equals("netty") && traceId.equals(slow.traceId()));
		assertThat(stall.task()).isEqualTo("GET /blocking");
		SpanData server = ExportedSpans.serverSpan(this.tracerProvider, this.exporter, traceId);
		assertThat(stall.spanId()).isEqualTo(server.getSpanId());
		assertThat(server.getEvents()).anySatisfy((event) -> assertThat(event.getName())
			.startsWith("asyncloop slow callback: GET /blocking")
			.contains(BlockingController.class.getSimpleName() + ".blocking("));
		assertThat(server.getAttributes().get(ExportedSpans.FINDING_TAG)).isEqualTo("slow-callback");
		// Spring Boot's log correlation shows the request's ids on asyncloop's line.
		assertThat(output.getOut()).contains("[" + traceId + "-" + stall.spanId() + "]")
			.containsPattern(traceId + ".*GET /blocking has been running for");
	}

	@Test
	void requestWithoutTraceparentIsFoundUnderItsOwnTrace() {
		get("/blocking-too", null);

		SlowCallback stall = SlowCallbacks.awaitOne(this.engine,
				(slow) -> slow.task().equals("GET /blocking-too") && slow.traceId() != null);
		SpanData server = ExportedSpans.serverSpan(this.tracerProvider, this.exporter, stall.traceId());
		assertThat(server.getSpanId()).isEqualTo(stall.spanId());
	}

	@Test
	void taskSubmittedByATracedRequestIsFoundUnderItsTrace() {
		String traceId = "5bf92f3577b34da6a3ce929d0e0e4736";
		get("/submit", traceId);

		SlowCallback slow = SlowCallbacks.awaitOne(this.engine,
				(finding) -> finding.executor().equals("loop") && traceId.equals(finding.traceId()));
		assertThat(slow.task()).contains("slowTask");
		Map<String, Object> reported = JsonResponses.list(this.client.get().uri("/actuator/asyncloop/slow-callbacks"),
				"slowCallbacks")
			.stream()
			.filter((entry) -> traceId.equals(entry.get("traceId")))
			.findFirst()
			.orElseThrow();
		assertThat(reported).containsEntry("spanId", slow.spanId());
	}

	private void get(String path, String traceId) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.get()
			.uri(path);
		if (traceId != null) {
			request = request.header("traceparent", ExportedSpans.traceparent(traceId));
		}
		request.exchange().expectStatus().isOk();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ SchedulingEnabled.class, BlockingController.class, ExportedSpans.class })
	static class TracedApplication {

	}

	@RestController
	static class BlockingController {

		private final TaskScheduler loop;

		BlockingController(TaskScheduler loop) {
			this.loop = loop;
		}

		@GetMapping("/blocking")
		String blocking() throws InterruptedException {
			Thread.sleep(800);
			return "blocked the event loop";
		}

		@GetMapping("/blocking-too")
		String blockingToo() throws InterruptedException {
			Thread.sleep(800);
			return "blocked the event loop too";
		}

		@GetMapping("/submit")
		String submit() {
			this.loop.schedule(BlockingController::slowTask, Instant.now());
			return "submitted";
		}

		static void slowTask() {
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
