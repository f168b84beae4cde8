package dev.asyncloop.test;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

import dev.asyncloop.core.FindingKind;
import dev.asyncloop.scheduling.WorkerExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@link FailOnAsyncLoopFindings} on real Spring Boot tests, run through the JUnit
 * Platform so that their failures can be asserted.
 */
class FailOnAsyncLoopFindingsTests {

	@Test
	void sleepingOnParallelFailsTheTestNamingTheMethodAndTheSleep() {
		Events events = run(ReactorFixture.class, "sleepsOnParallel");
		events.assertThatEvents()
			.haveExactly(1, event(test("sleepsOnParallel"), finishedWithFailure(instanceOf(AssertionError.class),
					message((text) -> text.contains("slow callback: FailOnAsyncLoopFindingsTests$Fixtures$ReactiveService.sleepOnParallel (lambda)")
							&& text.contains("on parallel-") && text.contains("java.lang.Thread.sleep")
							&& text.contains("fix: do not block")))));
	}

	@Test
	void offloadingToBoundedElasticPasses() {
		run(ReactorFixture.class, "offloadsToBoundedElastic").assertStatistics((stats) -> stats.succeeded(1).failed(0));
	}

	@Test
	void droppingAMonoFailsTheTestWithNeverAwaited() {
		run(ReactorFixture.class, "dropsAMono").assertThatEvents()
			.haveExactly(1, event(test("dropsAMono"), finishedWithFailure(message((text) -> text
				.contains("never awaited: Mono returned by FailOnAsyncLoopFindingsTests$Fixtures$ReactiveService.save(..) was never subscribed")
					&& text.contains(ReactorFixture.class.getName() + ".dropsAMono(")))));
	}

	@Test
	void awaitingTheMonoPasses() {
		run(ReactorFixture.class, "awaitsTheMono").assertStatistics((stats) -> stats.succeeded(1).failed(0));
	}

	@Test
	void findingsOfOneTestNeverFailAnother() {
		Events events = EngineTestKit.engine("junit-jupiter")
			.selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(IsolationFixture.class))
			.execute()
			.testEvents();
		events.assertThatEvents()
			.haveExactly(1, event(test("leavesMistakesBehind"), finishedWithFailure()))
			.haveExactly(1, event(test("runsAfterIt"), org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully()));
	}

	@Test
	void allowedFindingsDoNotFail() {
		run(AllowingFixture.class, "sleepsOnParallel").assertStatistics((stats) -> stats.succeeded(1).failed(0));
	}

	@Test
	void unobservedFailureFailsTheTestThatCausedIt() {
		run(ReactorFixture.class, "forgetsAFailingTask").assertThatEvents()
			.haveExactly(1, event(test("forgetsAFailingTask"), finishedWithFailure(
					message((text) -> text.contains("exception never retrieved") && text.contains("forgotten failure")))));
	}

	private static Events run(Class<?> fixture, String method) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(fixture, method)).execute().testEvents();
	}

	@SpringBootTest(classes = Fixtures.App.class,
			properties = { "asyncloop.debug=true", "asyncloop.slow-callback-duration=50ms" })
	@FailOnAsyncLoopFindings(settleMillis = 200)
	static class ReactorFixture {

		@Autowired
		private Fixtures.ReactiveService service;

		@Autowired
		private WorkerExecutor worker;

		@Test
		void sleepsOnParallel() {
			this.service.sleepOnParallel().block();
		}

		@Test
		void offloadsToBoundedElastic() {
			this.service.sleepOnBoundedElastic().block();
		}

		@Test
		void dropsAMono() {
			this.service.save("forgotten");
		}

		@Test
		void awaitsTheMono() {
			assertThat(this.service.save("awaited").block()).isEqualTo("saved awaited");
		}

		@Test
		void forgetsAFailingTask() throws Exception {
			CompletableFuture<Object> future = this.worker.submitCompletable(() -> {
				throw new IllegalStateException("forgotten failure");
			});
			while (!future.isDone()) {
				Thread.onSpinWait();
			}
		}

	}

	@SpringBootTest(classes = Fixtures.App.class,
			properties = { "asyncloop.debug=true", "asyncloop.slow-callback-duration=50ms" })
	@FailOnAsyncLoopFindings(settleMillis = 200)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class IsolationFixture {

		@Autowired
		private Fixtures.ReactiveService service;

		@Autowired
		private WorkerExecutor worker;

		@Test
		@Order(1)
		void leavesMistakesBehind() {
			this.service.save("dropped at the end");
			this.worker.submitCompletable(() -> {
				throw new IllegalStateException("failing at the end");
			});
			// Still running when this test ends; slow only once the next one runs.
			this.service.sleepOnParallel().subscribe();
		}

		@Test
		@Order(2)
		void runsAfterIt() throws InterruptedException {
			Mono.delay(java.time.Duration.ofMillis(400)).block();
		}

	}

	@SpringBootTest(classes = Fixtures.App.class,
			properties = { "asyncloop.debug=true", "asyncloop.slow-callback-duration=50ms" })
	@FailOnAsyncLoopFindings(settleMillis = 200, allow = "FailOnAsyncLoopFindingsTests$Fixtures$ReactiveService.sleepOnParallel",
			kinds = { FindingKind.SLOW_CALLBACK, FindingKind.NEVER_AWAITED })
	static class AllowingFixture {

		@Autowired
		private Fixtures.ReactiveService service;

		@Test
		void sleepsOnParallel() {
			this.service.sleepOnParallel().block();
		}

	}

	static class Fixtures {

		@SpringBootConfiguration
		@EnableAutoConfiguration
		@Import(ReactiveService.class)
		static class App {

		}

		@Service
		static class ReactiveService {

			Mono<String> sleepOnParallel() {
				return Mono.fromCallable(() -> {
					Thread.sleep(200);
					return "slept";
				}).subscribeOn(Schedulers.parallel());
			}

			Mono<String> sleepOnBoundedElastic() {
				return Mono.fromCallable(() -> {
					Thread.sleep(200);
					return "slept";
				}).subscribeOn(Schedulers.boundedElastic());
			}

			Mono<String> save(String order) {
				return Mono.fromSupplier(() -> "saved " + order);
			}

		}

	}

}
