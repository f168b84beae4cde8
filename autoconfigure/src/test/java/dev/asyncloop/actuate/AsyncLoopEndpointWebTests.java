package dev.asyncloop.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.NamedTask;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/asyncloop} over HTTP, on a real server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=asyncloop",
				"management.endpoint.asyncloop.show-stacks=always", "asyncloop.slow-callback-duration=50ms",
				"asyncloop.debug=true" })
@AutoConfigureWebTestClient
class AsyncLoopEndpointWebTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private WebTestClient client;

	@Autowired
	private DebugEventLoop loop;

	@Autowired
	private Engine engine;

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void releaseAndClear() {
		this.release.countDown();
		this.engine.findings().clear();
	}

	@Test
	void summaryDescribesSettingsExecutorsAndFindings() throws Exception {
		this.loop.submit(() -> {
		}).get(5, java.util.concurrent.TimeUnit.SECONDS); // the loop starts its thread with its first task
		Map<String, Object> summary = get("/actuator/asyncloop");
		assertThat(summary).containsEntry("enabled", true)
			.containsEntry("debug", true)
			.containsEntry("slowCallbackDuration", "PT0.05S");
		assertThat(list(summary, "executors")).extracting((executor) -> executor.get("name"))
			.contains("loop", "worker");
		assertThat(list(summary, "executors")).filteredOn((executor) -> executor.get("name").equals("loop"))
			.singleElement()
			.satisfies((loop) -> assertThat(loop).containsEntry("kind", "non-blocking")
				.containsEntry("threads", 1)
				.containsKeys("queued", "scheduled", "running", "completed", "failed", "slowCallbacks"));
		assertThat((Map<String, Object>) summary.get("findings")).containsOnlyKeys("slowCallbacks", "neverAwaited",
				"unretrievedExceptions", "blockingCalls", "threadSafety", "resourceLeaks");
		assertThat(summary).containsKey("warmUp");
	}

	@Test
	void theEndpointLeavesItsOwnRequestOutOfTheTasks() {
		// WebFlux runs the endpoint's operations on boundedElastic, a tracked executor.
		for (int i = 0; i < 5; i++) {
			assertThat(list(get("/actuator/asyncloop/tasks"), "tasks"))
				.noneMatch((task) -> String.valueOf(task).contains("AsyncLoopEndpoint"));
		}
	}

	@Test
	void slowCallbackIsShownWhileRunningThenFinished() {
		this.loop.execute(NamedTask.named("stuckJob", this::stuck));

		Map<String, Object> live = await().atMost(Duration.ofSeconds(5))
			.until(() -> first(get("/actuator/asyncloop/slow-callbacks"), "slowCallbacks"), (entry) -> entry != null);
		assertThat(live).containsEntry("task", "stuckJob")
			.containsEntry("executor", "loop")
			.containsEntry("finished", false)
			.containsEntry("thresholdMs", 50);
		assertThat((String) live.get("thread")).startsWith("asyncloop-loop-");
		assertThat((List<String>) live.get("stack")).anyMatch((frame) -> frame.startsWith("java.util.concurrent.CountDownLatch.await("))
			.anyMatch((frame) -> frame.startsWith(AsyncLoopEndpointWebTests.class.getName() + ".stuck("));
		assertThat((List<String>) live.get("createdAt")).first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith(AsyncLoopEndpointWebTests.class.getName() + ".slowCallbackIsShownWhileRunningThenFinished(");

		Map<String, Object> task = list(get("/actuator/asyncloop/tasks"), "tasks").stream()
			.filter((entry) -> "stuckJob".equals(entry.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(task).containsEntry("state", "running").containsEntry("executor", "loop");
		assertThat((String) task.get("thread")).startsWith("asyncloop-loop-");
		assertThat((List<String>) task.get("stack")).anyMatch((frame) -> frame.contains(".stuck("));

		this.release.countDown();
		Map<String, Object> finished = await().atMost(Duration.ofSeconds(5))
			.until(() -> first(get("/actuator/asyncloop/slow-callbacks"), "slowCallbacks"),
					(entry) -> Boolean.TRUE.equals(entry.get("finished")));
		assertThat(((Number) finished.get("durationMs")).longValue())
			.isGreaterThanOrEqualTo(((Number) live.get("durationMs")).longValue());
	}

	@Test
	void aScheduledTaskSaysWhenItIsDueNotANegativeAge() {
		ScheduledFuture<?> later = this.loop.schedule(NamedTask.named("laterJob", () -> {
		}), Instant.now().plusSeconds(30));
		try {
			Map<String, Object> task = list(get("/actuator/asyncloop/tasks"), "tasks").stream()
				.filter((entry) -> "laterJob".equals(entry.get("name")))
				.findFirst()
				.orElseThrow();
			assertThat(task).containsEntry("state", "scheduled").containsEntry("ageMs", 0);
			assertThat(((Number) task.get("dueInMs")).longValue()).isBetween(20_000L, 30_000L);
		}
		finally {
			later.cancel(false);
		}
	}

	@Test
	void aBacklogTooLargeToCopyIsCountedNotListed() {
		this.loop.execute(NamedTask.named("stuckJob", this::stuck));
		int backlog = 20_000;
		for (int i = 0; i < backlog; i++) {
			this.loop.execute(NamedTask.named("queuedJob", () -> {
			}));
		}

		Map<String, Object> tasks = get("/actuator/asyncloop/tasks");
		// The loop's queue copies itself to be read: only the task due first is listed.
		assertThat(list(tasks, "tasks")).filteredOn((task) -> "queuedJob".equals(task.get("name")))
			.singleElement()
			.satisfies((task) -> assertThat(task).containsEntry("state", "queued").containsEntry("executor", "loop"));
		assertThat((Map<String, Object>) tasks.get("unlisted")).containsEntry("loop", backlog - 1);

		this.release.countDown();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> list(get("/actuator/asyncloop"), "executors").stream()
				.anyMatch((executor) -> "loop".equals(executor.get("name")) && executor.get("queued").equals(0)));
		assertThat((Map<String, Object>) get("/actuator/asyncloop/tasks").get("unlisted")).isEmpty();
	}

	@Test
	void reportsNotYetFilledAnswerEmptyArrays() {
		assertThat(get("/actuator/asyncloop/never-awaited")).containsEntry("neverAwaited", List.of());
		assertThat(get("/actuator/asyncloop/unretrieved-exceptions")).containsEntry("unretrievedExceptions", List.of());
		assertThat(get("/actuator/asyncloop/blocking-calls")).containsEntry("blockingCalls", List.of());
	}

	@Test
	void settingsChangeAtRuntimeAndBadInputChangesNothing() {
		try {
			Map<String, Object> changed = post(Map.of("slowCallbackDuration", "250ms")).expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(changed).containsEntry("slowCallbackDuration", "PT0.25S");
			assertThat(this.engine.settings().slowCallbackDuration()).hasMillis(250);

			post(Map.of("slowCallbackDuration", "-1ms")).expectStatus().isBadRequest();
			post(Map.of("slowCallbackDuration", "soon")).expectStatus().isBadRequest();
			post(Map.of()).expectStatus().isBadRequest();
			assertThat(get("/actuator/asyncloop")).containsEntry("slowCallbackDuration", "PT0.25S");

			post(Map.of("debug", false)).expectStatus().isOk();
			assertThat(get("/actuator/asyncloop")).containsEntry("debug", false);
		}
		finally {
			this.engine.settings().setSlowCallbackDuration(java.time.Duration.ofMillis(50));
			this.engine.settings().setDebug(true);
		}
	}

	@Test
	void durationTooLongToMeasureIsABadRequestAndChangesNothing() {
		Map<String, Object> before = get("/actuator/asyncloop");
		for (String tooLong : List.of("99999999999d", "106752d", "PT9999999999999H", "99999999999999999999ms")) {
			post(Map.of("slowCallbackDuration", tooLong, "debug", false)).expectStatus().isBadRequest();
		}
		Map<String, Object> after = get("/actuator/asyncloop");
		assertThat(after).containsEntry("slowCallbackDuration", before.get("slowCallbackDuration"))
			.containsEntry("debug", true);
		assertThat(this.engine.settings().slowCallbackDuration()).hasMillis(50);
	}

	@Test
	void unknownReportIsNotFound() {
		this.client.get().uri("/actuator/asyncloop/no-such-report").exchange().expectStatus().isNotFound();
	}

	@Test
	void deleteClearsFindingsButNotLiveTasks() {
		this.loop.execute(NamedTask.named("stuckJob", this::stuck));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> first(get("/actuator/asyncloop/slow-callbacks"), "slowCallbacks") != null);

		this.client.delete().uri("/actuator/asyncloop").exchange().expectStatus().is2xxSuccessful();

		assertThat(get("/actuator/asyncloop/slow-callbacks")).containsEntry("slowCallbacks", List.of());
		assertThat((Map<String, Object>) get("/actuator/asyncloop").get("findings")).containsEntry("slowCallbacks", 0);
		assertThat(list(get("/actuator/asyncloop/tasks"), "tasks")).extracting((task) -> task.get("name"))
			.contains("stuckJob");
	}

	void stuck() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private WebTestClient.ResponseSpec post(Map<String, Object> body) {
		return this.client.post()
			.uri("/actuator/asyncloop")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private Map<String, Object> get(String path) {
		return this.client.get().uri(path).exchange().expectStatus().isOk().expectBody(JSON).returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> body, String field) {
		return (List<Map<String, Object>>) body.get(field);
	}

	private static Map<String, Object> first(Map<String, Object> body, String field) {
		List<Map<String, Object>> entries = list(body, field);
		return entries.isEmpty() ? null : entries.get(0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@org.springframework.scheduling.annotation.EnableScheduling
	static class TestApplication {

	}

}
