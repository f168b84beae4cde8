package dev.asyncloop.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.asyncloop.core.internal.TraceIds;
import dev.asyncloop.core.internal.Traces;
import dev.asyncloop.core.internal.Engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A finding about work a traced request started carries that request's trace and is
 * put in it; a tracing system that fails costs the finding its trace, never the
 * finding or the user's task.
 */
class FindingTracesTests {

	@RegisterExtension
	final EngineWithLoop fixture = new EngineWithLoop(Duration.ofMillis(20));

	private final Engine engine = this.fixture.engine();

	private final ThreadPoolExecutor loop = this.fixture.loop();

	@Test
	void slowTaskSubmittedInATraceCarriesItAndIsPutInIt() throws Exception {
		RequestTraces traces = new RequestTraces();
		this.engine.findings().traces().use(traces);
		CountDownLatch reported = new CountDownLatch(1);
		this.engine.findings().addListener((finding) -> reported.countDown());

		traces.serve("order-42", () -> this.loop.execute(() -> WatchdogTests.stuckOn(reported)));

		SlowCallback slow = await()
			.until(() -> this.engine.findings().list(FindingKind.SLOW_CALLBACK), (found) -> !found.isEmpty())
			.stream()
			.map(SlowCallback.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(slow.traceId()).isEqualTo("trace-of-order-42");
		assertThat(slow.spanId()).isEqualTo("span-of-order-42");
		assertThat(slow.attributes()).containsEntry("traceId", "trace-of-order-42")
			.containsEntry("spanId", "span-of-order-42");
		await().until(() -> traces.annotated.stream().anyMatch((event) -> event.startsWith("order-42: slow callback: ")));
	}

	@Test
	void taskSubmittedOutsideATraceCarriesNone() throws Exception {
		this.engine.findings().traces().use(new RequestTraces());
		CountDownLatch reported = new CountDownLatch(1);
		this.engine.findings().addListener((finding) -> reported.countDown());

		this.loop.execute(() -> WatchdogTests.stuckOn(reported));

		assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
		Finding slow = this.engine.findings().list(FindingKind.SLOW_CALLBACK).get(0);
		assertThat(slow.traceId()).isNull();
		assertThat(slow.spanId()).isNull();
		assertThat(slow.attributes()).doesNotContainKeys("traceId", "spanId");
	}

	@Test
	void failingTracingSystemNeverFailsTheTaskNorLosesTheFinding() throws Exception {
		this.engine.findings().traces().use(new BrokenTraces());
		CountDownLatch reported = new CountDownLatch(1);
		this.engine.findings().addListener((finding) -> reported.countDown());
		CompletableFuture<String> result = new CompletableFuture<>();

		this.loop.execute(() -> {
			WatchdogTests.stuckOn(reported);
			result.complete("done");
		});

		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		Finding slow = this.engine.findings().list(FindingKind.SLOW_CALLBACK).get(0);
		assertThat(slow.traceId()).isNull();
		assertThat(this.engine.tracking().errors().count()).isPositive();
	}

	/**
	 * A tracing system whose traces are request names, current on the thread serving
	 * them.
	 */
	private static final class RequestTraces implements Traces {

		private final ThreadLocal<String> serving = new ThreadLocal<>();

		final List<String> annotated = new CopyOnWriteArrayList<>();

		void serve(String request, Runnable work) {
			this.serving.set(request);
			try {
				work.run();
			}
			finally {
				this.serving.remove();
			}
		}

		@Override
		public Object current() {
			return this.serving.get();
		}

		@Override
		public Object servedOn(Thread thread) {
			return null;
		}

		@Override
		public TraceIds ids(Object trace) {
			return new TraceIds("trace-of-" + trace, "span-of-" + trace);
		}

		@Override
		public void annotate(Object trace, Finding finding) {
			this.annotated.add(trace + ": " + finding.summary());
		}

	}

	private static final class BrokenTraces implements Traces {

		@Override
		public Object current() {
			throw new IllegalStateException("broken tracer");
		}

		@Override
		public Object servedOn(Thread thread) {
			throw new IllegalStateException("broken tracer");
		}

		@Override
		public TraceIds ids(Object trace) {
			throw new IllegalStateException("broken tracer");
		}

		@Override
		public void annotate(Object trace, Finding finding) {
			throw new IllegalStateException("broken tracer");
		}

	}

}
