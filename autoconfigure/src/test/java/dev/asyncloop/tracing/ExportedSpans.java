package dev.asyncloop.tracing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.awaitility.Awaitility.await;

/**
 * The spans an application exported, kept in memory: Spring Boot's OpenTelemetry
 * tracing exports to every {@code SpanExporter} bean.
 */
@TestConfiguration(proxyBeanMethods = false)
class ExportedSpans {

	/** The span tag asyncloop names a finding's kind with. */
	static final AttributeKey<String> FINDING_TAG = AttributeKey.stringKey("asyncloop.finding");

	/**
	 * The property that turns tracing back on in this module's tests (its
	 * {@code application.properties} leaves it out): everything it excludes but
	 * OpenTelemetry's tracer.
	 */
	static final String TRACING_ON = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

	/** Every request traced, not one in ten. */
	static final String SAMPLE_ALL = "management.tracing.sampling.probability=1.0";

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

	/**
	 * The server span of the request of trace {@code traceId}, once exported.
	 */
	static SpanData serverSpan(SdkTracerProvider tracerProvider, InMemorySpanExporter exporter, String traceId) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> {
			tracerProvider.forceFlush().join(2, TimeUnit.SECONDS);
			List<SpanData> spans = exporter.getFinishedSpanItems();
			return spans.stream()
				.filter((span) -> span.getTraceId().equals(traceId) && span.getKind() == SpanKind.SERVER)
				.findFirst()
				.orElse(null);
		}, (span) -> span != null);
	}

	/**
	 * A W3C {@code traceparent} header of a sampled caller's span in trace {@code traceId}.
	 */
	static String traceparent(String traceId) {
		return "00-" + traceId + "-00f067aa0ba902b7-01";
	}

}
