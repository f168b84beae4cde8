package dev.asyncloop.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.SlowCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC application traced with Micrometer Tracing's OpenTelemetry bridge, on a
 * real server: a task a traced request hands to the worker, and which then runs too
 * long, is found under the request's trace, the caller's when it sent a
 * {@code traceparent}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { ExportedSpans.TRACING_ON, ExportedSpans.SAMPLE_ALL, "spring.main.web-application-type=servlet",
				"asyncloop.worker.long-task-duration=200ms" })
class ServletTracingTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Engine engine;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	private AsyncTaskExecutor worker;

	@Test
	void workerTaskOfATracedRequestIsFoundUnderTheCallersTrace() throws Exception {
		String traceId = "6bf92f3577b34da6a3ce929d0e0e4736";
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/report"))
			.header("traceparent", ExportedSpans.traceparent(traceId))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);

		SlowCallback slow = SlowCallbacks.awaitOne(this.engine, (finding) -> traceId.equals(finding.traceId()));
		assertThat(slow.executor()).isEqualTo("worker");
		assertThat(slow.spanId()).isNotNull().isNotEqualTo("00f067aa0ba902b7");
	}

	@Test
	void workerTaskSubmittedOutsideAnyRequestHasNoTrace() {
		this.worker.execute(ServletTracingTests::untracedTask);
		SlowCallback slow = SlowCallbacks.awaitOne(this.engine, (finding) -> finding.task().contains("untracedTask"));
		assertThat(slow.traceId()).isNull();
		assertThat(slow.spanId()).isNull();
	}

	static void untracedTask() {
		ReportController.sleep(500);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ ReportController.class, ExportedSpans.class })
	static class TracedServletApplication {

	}

	@RestController
	static class ReportController {

		private final AsyncTaskExecutor worker;

		ReportController(@Qualifier("applicationTaskExecutor") AsyncTaskExecutor worker) {
			this.worker = worker;
		}

		@GetMapping("/report")
		String report() {
			this.worker.execute(ReportController::buildReport);
			return "report requested";
		}

		static void buildReport() {
			sleep(500);
		}

		static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
