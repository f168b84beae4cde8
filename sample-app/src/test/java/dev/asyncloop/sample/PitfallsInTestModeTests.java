package dev.asyncloop.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.test.FailOnAsyncLoopFindings;

import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The sample's pitfalls as tests written with {@link FailOnAsyncLoopFindings}: each
 * pitfall's test fails, naming the mistake; the proper ways pass.
 */
class PitfallsInTestModeTests {

	@Test
	void blockingTheLoopFails() {
		assertFails("blocking", "slow callback: PitfallController.blockingTask");
	}

	@Test
	void offloadingPasses() {
		assertPasses("offloaded");
	}

	@Test
	void blockingReactorParallelFails() {
		assertFails("blockingReactor", "slow callback: PitfallController.blockingOperator");
	}

	@Test
	void blockingTheNettyEventLoopFails() {
		assertFails("blockingNetty", "slow callback: GET /pitfalls/blocking-netty");
	}

	@Test
	void forgettingToAwaitFails() {
		assertFails("forgottenAwait", "never awaited: Mono returned by OrderService.save(..) was never subscribed");
	}

	@Test
	void ghostTaskFails() {
		assertFails("ghostTask", "exception never retrieved: RiskyTasks.riskyTask on worker failed with "
				+ "java.lang.IllegalArgumentException: This is a hidden exception!");
	}

	@Test
	void properTaskHandlingPasses() {
		assertPasses("properTaskHandling");
	}

	private static void assertFails(String pitfall, String problem) {
		run(pitfall).assertThatEvents()
			.haveExactly(1, event(test(pitfall), finishedWithFailure(message((text) -> text.contains(problem)))));
	}

	private static void assertPasses(String pitfall) {
		run(pitfall).assertThatEvents().haveExactly(1, event(test(pitfall), finishedSuccessfully()));
	}

	private static Events run(String pitfall) {
		return EngineTestKit.engine("junit-jupiter")
			.selectors(selectMethod(PitfallTests.class, pitfall))
			.execute()
			.testEvents();
	}

	/**
	 * Tests as an application would write them: call the endpoint, wait for its work to
	 * be done.
	 */
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	@AutoConfigureWebTestClient(timeout = "10s")
	@FailOnAsyncLoopFindings
	static class PitfallTests {

		@Autowired
		private WebTestClient client;

		@Autowired
		private Engine engine;

		@Test
		void blocking() {
			getAndAwaitTasks("/pitfalls/blocking", "loop", 2);
		}

		@Test
		void offloaded() {
			getAndAwaitTasks("/pitfalls/offloaded", "worker", 1);
		}

		@Test
		void blockingReactor() {
			getAndAwaitTasks("/pitfalls/blocking-reactor", "reactor-parallel", 1);
		}

		@Test
		void blockingNetty() {
			get("/pitfalls/blocking-netty");
		}

		@Test
		void forgottenAwait() {
			get("/pitfalls/forgotten-await");
		}

		@Test
		void ghostTask() {
			getAndAwaitTasks("/pitfalls/ghost-task", "worker", 1);
		}

		@Test
		void properTaskHandling() {
			get("/pitfalls/proper-task-handling");
		}

		private void get(String path) {
			this.client.get().uri(path).exchange().expectStatus().is2xxSuccessful();
		}

		/**
		 * Calls {@code path}, then waits until {@code executor} has finished the
		 * {@code tasks} it started.
		 */
		private void getAndAwaitTasks(String path, String executor, int tasks) {
			long done = finished(executor);
			get(path);
			await().atMost(Duration.ofSeconds(10)).until(() -> finished(executor) >= done + tasks);
		}

		private long finished(String executor) {
			return this.engine.executors()
				.stream()
				.filter((snapshot) -> snapshot.name().equals(executor))
				.findFirst()
				.orElseThrow()
				.finished();
		}

	}

}
