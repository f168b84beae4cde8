package dev.asyncloop.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.reactor.BufferLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's pitfalls, as a user sees them through {@code /actuator/asyncloop}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// Requests get more than WebTestClient's default 5 s: once in about ten runs a report
// request polled between forced full collections took longer than that on a two-core
// machine. The reports are what these tests check, not how fast they come.
@AutoConfigureWebTestClient(timeout = "15s")
@ExtendWith(ThreadDumpOnFailure.class)
class PitfallEndpointsTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	/** The trace of a caller that sends its requests with a W3C {@code traceparent}. */
	private static final String CALLERS_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACEPARENT = "00-" + CALLERS_TRACE + "-00f067aa0ba902b7-01";

	@Autowired
	private WebTestClient client;

	@Autowired
	private Engine engine;

	@Autowired
	private BufferLeaks bufferLeaks;

	@Autowired
	private dev.asyncloop.scheduling.DebugEventLoop loop;

	@BeforeEach
	void clearFindings() {
		this.client.delete().uri("/actuator/asyncloop").exchange().expectStatus().is2xxSuccessful();
	}

	@Test
	void blockingTaskIsReportedWhileItBlocksTheLoopThenWithItsDuration() {
		this.client.get().uri("/pitfalls/blocking").exchange().expectStatus().isAccepted();

		// Reported while the task still blocks the loop (2 s): read from the engine, since a
		// read of the endpoint can take a second or more on a loaded two-core machine.
		dev.asyncloop.core.SlowCallback live = await().atMost(Duration.ofMillis(1900))
			.until(() -> this.engine.findings()
				.list(dev.asyncloop.core.FindingKind.SLOW_CALLBACK)
				.stream()
				.map(dev.asyncloop.core.SlowCallback.class::cast)
				.filter((slow) -> slow.executor().equals("loop") && !slow.finished())
				.findFirst()
				.orElse(null), (slow) -> slow != null);
		assertThat(live.task()).isEqualTo("PitfallController.blockingTask");

		// The endpoint shows it with where it blocked, and once it ended, for how long.
		Map<String, Object> finished = await().atMost(Duration.ofSeconds(5))
			.until(() -> loopSlowCallback(true), (entry) -> entry != null);
		assertThat(finished).containsEntry("task", "PitfallController.blockingTask");
		assertThat(frames(finished)).anyMatch((frame) -> frame.startsWith("java.lang.Thread.sleep"))
			.anyMatch((frame) -> frame.startsWith("dev.asyncloop.sample.PitfallController.blockingTask("));
		assertThat(((Number) finished.get("durationMs")).longValue()).isGreaterThanOrEqualTo(2000);
	}

	@Test
	void offloadedWorkLeavesTheLoopAlone() {
		long workerDone = executor("worker").finished();
		this.client.get().uri("/pitfalls/offloaded").exchange().expectStatus().isAccepted();

		// The worker finished the 2 s of work, and the loop ran what followed it.
		await().atMost(Duration.ofSeconds(10)).until(() -> executor("worker").finished() > workerDone);
		await().atMost(Duration.ofSeconds(5)).until(() -> executor("loop").queued() <= 1 && executor("loop").running() == 0);

		// A canary: a task that holds the loop until it is reported. Once it is, the watchdog
		// has looked at the loop after the offloaded work; had that work blocked the loop,
		// it would have been reported before the canary.
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		this.loop.execute(dev.asyncloop.core.NamedTask.named("canary", () -> awaitQuietly(release)));
		try {
			awaitEntry(this::slowCallbacks, (entry) -> "loop".equals(entry.get("executor"))
					&& "canary".equals(entry.get("task")));
		}
		finally {
			release.countDown();
		}
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(slowCallbacks()).filteredOn((entry) -> "loop".equals(entry.get("executor")))
			.singleElement()
			.satisfies((entry) -> assertThat(entry).containsEntry("task", "canary"));
	}

	private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
		try {
			latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void blockingOperatorOnParallelIsReportedOnReactorParallel() {
		this.client.get().uri("/pitfalls/blocking-reactor").exchange().expectStatus().isAccepted();

		// Within the operator's 2 s sleep, leaving room for a slow first request to the report.
		Map<String, Object> live = await().atMost(Duration.ofMillis(1800)).until(() -> slowCallbacks().stream()
			.filter((entry) -> "reactor-parallel".equals(entry.get("executor")))
			.findFirst()
			.orElse(null), (entry) -> entry != null);
		assertThat((String) live.get("thread")).startsWith("parallel-");
		assertThat(live).containsEntry("task", "PitfallController.blockingOperator").containsEntry("finished", false);
		assertThat(frames(live)).anyMatch((frame) -> frame.startsWith("java.lang.Thread.sleep"))
			.anyMatch((frame) -> frame.startsWith("dev.asyncloop.sample.PitfallController.blockingOperator("));
	}

	@Test
	void blockingHandlerIsReportedOnTheNettyEventLoop() {
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.get()
			.uri("/pitfalls/blocking-netty")
			.exchange()
			.expectStatus()
			.isOk();

		// Reported by the watchdog: up to ten seconds on a loaded two-core machine.
		Map<String, Object> stall = awaitEntry(this::slowCallbacks, (entry) -> "netty".equals(entry.get("executor"))
				&& "GET /pitfalls/blocking-netty".equals(entry.get("task")));
		assertThat(frames(stall)).anyMatch((frame) -> frame.startsWith("dev.asyncloop.sample.PitfallController.blockingNetty("));
	}

	@Test
	void ghostTaskIsReportedWithinAFewSecondsWithoutGarbageCollection() {
		// Sent as part of a caller's trace: the finding is found under it.
		this.client.get()
			.uri("/pitfalls/ghost-task")
			.header("traceparent", TRACEPARENT)
			.exchange()
			.expectStatus()
			.isAccepted();

		Map<String, Object> lost = await().atMost(Duration.ofSeconds(3))
			.until(() -> report("unretrieved-exceptions", "unretrievedExceptions").stream().findFirst().orElse(null),
					(entry) -> entry != null);
		assertThat(lost).containsEntry("task", "RiskyTasks.riskyTask")
			.containsEntry("executor", "worker")
			.containsEntry("exception", "java.lang.IllegalArgumentException: This is a hidden exception!")
			.containsEntry("retrievedLater", false)
			.containsEntry("traceId", CALLERS_TRACE)
			.containsKey("spanId");
		assertThat(frames(lost, "createdAt")).first().asString()
			.startsWith("dev.asyncloop.sample.PitfallController.ghostTask(");
	}

	@Test
	void forgottenAwaitIsReportedOnceTheMonosAreCollected() {
		this.client.get()
			.uri("/pitfalls/forgotten-await")
			.header("traceparent", TRACEPARENT)
			.exchange()
			.expectStatus()
			.isAccepted();

		// Once in about ten runs this timed out: the last answer will say whether a stray
		// fourth finding came (the count can never fall back to 3) or fewer arrived.
		java.util.concurrent.atomic.AtomicReference<List<Map<String, Object>>> last = new java.util.concurrent.atomic.AtomicReference<>(
				List.of());
		List<Map<String, Object>> never;
		try {
			never = await().atMost(Duration.ofSeconds(20)).until(() -> {
				System.gc();
				last.set(report("never-awaited", "neverAwaited"));
				return last.get();
			}, (entries) -> entries.size() == 3);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("never-awaited when the wait ended: " + last.get(), ex);
		}
		assertThat(never).allSatisfy((entry) -> assertThat(entry).containsEntry("name", "OrderService.save")
			.containsEntry("type", "Mono")
			.containsEntry("traceId", CALLERS_TRACE));
		assertThat(never).anySatisfy((entry) -> assertThat(frames(entry, "createdAt")).first()
			.asString()
			.startsWith("dev.asyncloop.sample.PitfallController.forgottenAwait("));
	}

	@Test
	void racingSinkIsReportedWithBothThreadsAndWhereTheSinkWasMade() {
		this.client.get().uri("/pitfalls/racing-sink").exchange().expectStatus().isAccepted();

		Map<String, Object> race = awaitEntry(() -> report("thread-safety", "threadSafety"),
				(entry) -> entry.get("otherThread") != null);
		assertThat(race).containsEntry("operation", "Sinks.Many.tryEmitNext")
			.containsEntry("executor", "reactor-bounded-elastic")
			.containsEntry("lost", true);
		assertThat((String) race.get("subject")).startsWith("Sinks.Many made at PriceTicker.<init>(PriceTicker.java:");
		assertThat((String) race.get("thread")).startsWith("boundedElastic-").isNotEqualTo(race.get("otherThread"));
		assertThat((String) race.get("otherThread")).startsWith("boundedElastic-");
		assertThat(frames(race)).anyMatch((frame) -> frame.startsWith("dev.asyncloop.sample.PriceTicker.publishCarelessly("));
	}

	@Test
	void serializedSinkLeavesNothingToReport() {
		this.client.get().uri("/pitfalls/serialized-sink").exchange().expectStatus().isAccepted();

		// The racing sink afterwards is reported: what the serialized one did before was seen too.
		this.client.get().uri("/pitfalls/racing-sink").exchange().expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(5)).until(() -> !report("thread-safety", "threadSafety").isEmpty());
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(report("thread-safety", "threadSafety"))
			.allSatisfy((entry) -> assertThat(entry).containsEntry("operation", "Sinks.Many.tryEmitNext"));
	}

	@Test
	void leakedBufferIsReportedOnceCollectedWithTheRequestAndWhereItWasAllocated() {
		for (int i = 0; i < 300; i++) {
			this.client.get().uri("/pitfalls/leaked-buffer").exchange().expectStatus().isOk();
		}
		Map<String, Object> leak = await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			this.bufferLeaks.lookNow();
			// The test's own client leaves response bodies it does not read to Netty: those leaks are reported too.
			return report("resource-leaks", "resourceLeaks").stream()
				.filter((entry) -> frames(entry).stream()
					.anyMatch((frame) -> frame.startsWith("dev.asyncloop.sample.PitfallController.scratch(")))
				.findFirst()
				.orElse(null);
		}, (entry) -> entry != null);
		assertThat(leak).containsEntry("resource", "ByteBuf");
		assertThat(frames(leak)).first().asString().startsWith("org.springframework.core.io.buffer.NettyDataBufferFactory");
		if (this.bufferLeaks.isNotingRequests()) {
			assertThat(leak).containsEntry("request", "GET /pitfalls/leaked-buffer");
		}
	}

	@Test
	void releasedBufferLeavesNothingToReport() {
		for (int i = 0; i < 300; i++) {
			this.client.get().uri("/pitfalls/released-buffer").exchange().expectStatus().isOk();
		}
		// A canary: buffers leaked after the released ones. Once one is reported, leak
		// detection ran and a collection took the released buffers too (a full collection
		// takes every unreachable buffer, the earlier ones with the later).
		for (int i = 0; i < 300; i++) {
			this.client.get().uri("/pitfalls/leaked-buffer").exchange().expectStatus().isOk();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			this.bufferLeaks.lookNow();
			return report("resource-leaks", "resourceLeaks").stream()
				.anyMatch((entry) -> frames(entry).stream()
					.anyMatch((frame) -> frame.startsWith("dev.asyncloop.sample.PitfallController.leakedBuffer(")));
		});
		this.engine.settle(Duration.ofSeconds(1));
		assertThat(report("resource-leaks", "resourceLeaks"))
			.noneMatch((entry) -> frames(entry).stream().anyMatch((frame) -> frame.contains("releasedBuffer")));
	}

	@Test
	@SuppressWarnings("unchecked")
	void resourcesListTheServerConnectionServingTheRequest() {
		List<Map<String, Object>> connections = (List<Map<String, Object>>) get("/actuator/asyncloop/resources")
			.get("connections");
		assertThat(connections).anySatisfy((connection) -> assertThat(connection).containsEntry("side", "server")
			.containsEntry("state", "active")
			.containsEntry("request", "GET /actuator/asyncloop/resources"));
		assertThat((Map<String, Object>) get("/actuator/asyncloop").get("resources"))
			.hasEntrySatisfying("connections", (count) -> assertThat((Integer) count).isPositive());
	}

	@Test
	@SuppressWarnings("unchecked")
	void openConnectionsAreAGaugeInMicrometer() {
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) get(
				"/actuator/metrics/asyncloop.connections?tag=side:server&tag=state:active")
			.get("measurements");
		// The request asking is one of them.
		assertThat(measurements).singleElement()
			.satisfies((measurement) -> assertThat(((Number) measurement.get("value")).doubleValue())
				.isGreaterThanOrEqualTo(1));
	}

	@Test
	void properTaskHandlingLeavesNothingToReport() {
		this.client.get()
			.uri("/pitfalls/proper-task-handling")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.result")
			.isEqualTo("Caught expected exception: This is a hidden exception!");

		// Failures are decided in order: once a later ghost task is reported, this one was decided too.
		this.client.get().uri("/pitfalls/ghost-task").exchange().expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(3))
			.until(() -> report("unretrieved-exceptions", "unretrievedExceptions").size() == 1);
		System.gc();
		this.engine.neverAwaited().run();
		this.engine.settle(Duration.ofSeconds(2));
		assertThat(report("never-awaited", "neverAwaited")).isEmpty();
		assertThat(slowCallbacks()).isEmpty();
		assertThat(report("blocking-calls", "blockingCalls")).isEmpty();
	}

	@Test
	void heartbeatKeepsTheTasksReportBusy() {
		assertThat(tasks()).anySatisfy((task) -> assertThat(task).containsEntry("name", "HeartbeatJob.beat")
			.containsEntry("executor", "loop"));
	}

	private Map<String, Object> loopSlowCallback(boolean finished) {
		return slowCallbacks().stream()
			.filter((entry) -> "loop".equals(entry.get("executor")) && entry.get("finished").equals(finished))
			.findFirst()
			.orElse(null);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> slowCallbacks() {
		return (List<Map<String, Object>>) get("/actuator/asyncloop/slow-callbacks").get("slowCallbacks");
	}

	/**
	 * The first entry of {@code report} that is {@code wanted}, waited for up to ten
	 * seconds; a failure says what the report held when the wait ended.
	 */
	private static Map<String, Object> awaitEntry(java.util.function.Supplier<List<Map<String, Object>>> report,
			java.util.function.Predicate<Map<String, Object>> wanted) {
		java.util.concurrent.atomic.AtomicReference<List<Map<String, Object>>> last = new java.util.concurrent.atomic.AtomicReference<>(
				List.of());
		try {
			return await().atMost(Duration.ofSeconds(10)).until(() -> {
				last.set(report.get());
				return last.get().stream().filter(wanted).findFirst().orElse(null);
			}, java.util.Objects::nonNull);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("Not reported; the report held: " + last.get(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> report(String report, String field) {
		return (List<Map<String, Object>>) get("/actuator/asyncloop/" + report).get(field);
	}

	@SuppressWarnings("unchecked")
	private static List<String> frames(Map<String, Object> entry, String field) {
		return (List<String>) entry.get(field);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> tasks() {
		return (List<Map<String, Object>>) get("/actuator/asyncloop/tasks").get("tasks");
	}

	@SuppressWarnings("unchecked")
	private static List<String> frames(Map<String, Object> entry) {
		return (List<String>) entry.get("stack");
	}

	private ExecutorSnapshot executor(String name) {
		return this.engine.executors().stream().filter((executor) -> executor.name().equals(name)).findFirst().orElseThrow();
	}

	private Map<String, Object> get(String path) {
		return this.client.get().uri(path).exchange().expectStatus().isOk().expectBody(JSON).returnResult()
			.getResponseBody();
	}

}
