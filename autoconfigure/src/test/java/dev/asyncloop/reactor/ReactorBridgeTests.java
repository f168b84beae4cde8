package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopReactorAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.UnretrievedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reactor's schedulers under the loop's eye: their tasks tracked, their slow
 * callbacks found while running, dropped errors recorded, results unchanged, and
 * nothing left behind.
 */
class ReactorBridgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				AsyncLoopReactorAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.slow-callback-duration=50ms");

	@AfterEach
	void noHookLeftBehind() throws Exception {
		assertThat(ReactorHookState.anyScheduleHook()).isFalse();
		assertThat(ReactorHookState.errorDroppedHook()).isNull();
	}

	@Test
	void parallelTasksAreTrackedAsANonBlockingExecutor() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			StepVerifier.create(Flux.range(1, 100).publishOn(Schedulers.parallel()).map((i) -> i * 2).reduce(0, Integer::sum))
				.expectNext(10100)
				.verifyComplete();
			await().until(() -> executor(engine, "reactor-parallel").completed() > 0);
			assertThat(executor(engine, "reactor-parallel").kind()).isEqualTo(ExecutorKind.NON_BLOCKING);
			assertThat(executor(engine, "reactor-single").kind()).isEqualTo(ExecutorKind.NON_BLOCKING);
			assertThat(executor(engine, "reactor-bounded-elastic").kind()).isEqualTo(ExecutorKind.BLOCKING);
		});
	}

	@Test
	void reactorExecutorsCountTheirLiveThreads() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			// Two workers of the parallel scheduler: two of its threads start.
			CountDownLatch ran = new CountDownLatch(2);
			reactor.core.scheduler.Scheduler.Worker first = Schedulers.parallel().createWorker();
			reactor.core.scheduler.Scheduler.Worker second = Schedulers.parallel().createWorker();
			first.schedule(ran::countDown);
			second.schedule(ran::countDown);
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			first.dispose();
			second.dispose();
			long alive = Thread.getAllStackTraces().keySet().stream()
				.filter((thread) -> thread.getName().startsWith("parallel-"))
				.count();
			assertThat(alive).isGreaterThanOrEqualTo(2);
			assertThat(executor(engine, "reactor-parallel").threads()).isEqualTo(alive);
		});
	}

	@Test
	void slowOperatorOnParallelIsReportedWhileStillRunning() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<Integer> result = Mono.just(21)
				.publishOn(Schedulers.parallel())
				.map((value) -> stuckOperator(value, release))
				.toFuture();

			try {
				SlowCallback live = await().atMost(Duration.ofSeconds(5))
					.until(() -> slowCallbacks(engine), (slow) -> !slow.isEmpty())
					.get(0);
				assertThat(live.finished()).isFalse();
				assertThat(live.executor()).isEqualTo("reactor-parallel");
				assertThat(live.thread()).startsWith("parallel-");
				assertThat(live.task()).isEqualTo("ReactorBridgeTests.slowOperatorOnParallelIsReportedWhileStillRunning (lambda)");
				assertThat(live.stack())
					.anyMatch((frame) -> frame.startsWith(ReactorBridgeTests.class.getName() + ".stuckOperator("));
				assertThat(engine.liveTasks(true)).anySatisfy((task) -> {
					assertThat(task.executor()).isEqualTo("reactor-parallel");
					assertThat(task.thread()).startsWith("parallel-");
				});
			}
			finally {
				release.countDown();
			}
			assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(42);
			await().until(() -> slowCallbacks(engine).get(0).finished());
		});
	}

	@Test
	void blockingOnBoundedElasticIsNotASlowCallback() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch started = new CountDownLatch(2);
			CompletableFuture<Integer> result = Mono.fromCallable(() -> {
				started.countDown();
				return stuckOperator(1, release);
			}).subscribeOn(Schedulers.boundedElastic()).toFuture();
			// The control: the same operator blocking at the same time on parallel, a
			// non-blocking scheduler, is reported; so the watchdog looks at Reactor's tasks,
			// and the bounded-elastic one goes unreported because blocking is allowed there.
			CompletableFuture<Integer> control = Mono.fromCallable(() -> {
				started.countDown();
				return stuckOperator(2, release);
			}).subscribeOn(Schedulers.parallel()).toFuture();
			try {
				assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
				// Blocked for several times the slow-callback duration (50 ms), and looked at since.
				await().until(() -> engine.liveTasks(false)
					.stream()
					.anyMatch((task) -> task.executor().equals("reactor-bounded-elastic") && task.running() != null
							&& task.running().compareTo(java.time.Duration.ofMillis(250)) > 0));
				await().atMost(Duration.ofSeconds(5)).until(() -> !slowCallbacks(engine).isEmpty());
				engine.settle(java.time.Duration.ofSeconds(5));
				assertThat(slowCallbacks(engine)).singleElement()
					.satisfies((slow) -> assertThat(slow.executor()).isEqualTo("reactor-parallel"));
			}
			finally {
				release.countDown();
			}
			assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(2);
			assertThat(control.get(5, TimeUnit.SECONDS)).isEqualTo(4);
			engine.settle(java.time.Duration.ofSeconds(5));
			assertThat(slowCallbacks(engine)).singleElement()
				.satisfies((slow) -> assertThat(slow.executor()).isEqualTo("reactor-parallel"));
		});
	}

	@Test
	void errorWithoutAnErrorHandlerIsAnUnretrievedException() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			Mono.error(new IllegalStateException("nobody is listening")).subscribe();

			List<Finding> lost = engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION);
			assertThat(lost).singleElement().satisfies((finding) -> {
				UnretrievedException exception = (UnretrievedException) finding;
				assertThat(exception.exception()).isEqualTo("java.lang.IllegalStateException: nobody is listening");
				assertThat(exception.task()).isEqualTo("subscribe() without an error handler");
				assertThat(exception.stack()).anyMatch((frame) -> frame.contains("errorWithoutAnErrorHandlerIsAnUnretrievedException"));
			});
		});
	}

	@Test
	void handledErrorsAreNotFindings() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			StepVerifier.create(Mono.error(new IllegalStateException("handled")).onErrorReturn("fallback"))
				.expectNext("fallback")
				.verifyComplete();
			Mono.error(new IllegalStateException("observed")).subscribe((value) -> {
			}, (error) -> {
			});
			// The control: an error nobody handles, after the handled ones, is the only
			// finding; dropped errors are recorded as they are dropped, so had the handled
			// ones been taken for lost they would be here too.
			Mono.error(new IllegalStateException("nobody is listening")).subscribe();
			assertThat(engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION)).singleElement()
				.satisfies((finding) -> assertThat(((UnretrievedException) finding).exception())
					.isEqualTo("java.lang.IllegalStateException: nobody is listening"));
		});
	}

	@Test
	void resultsAreUnchangedWithTheBridge() {
		this.runner.run((context) -> {
			StepVerifier.create(Flux.range(1, 1000)
				.parallel()
				.runOn(Schedulers.parallel())
				.map((i) -> i % 7)
				.sequential()
				.reduce(0L, (sum, value) -> sum + value)).expectNext(3003L).verifyComplete();
			StepVerifier.create(Mono.delay(Duration.ofMillis(10)).map((tick) -> "ticked")).expectNext("ticked").verifyComplete();
			StepVerifier.create(Flux.interval(Duration.ofMillis(5)).take(5).collectList())
				.expectNext(List.of(0L, 1L, 2L, 3L, 4L))
				.verifyComplete();
			StepVerifier.create(Mono.fromCallable(() -> Thread.currentThread().getName())
				.subscribeOn(Schedulers.boundedElastic())).assertNext((name) -> assertThat(name).startsWith("boundedElastic-")).verifyComplete();
			StepVerifier.create(Mono.just(1).timeout(Duration.ofSeconds(5))).expectNext(1).verifyComplete();
			StepVerifier.create(Mono.never().timeout(Duration.ofMillis(20))).expectError(java.util.concurrent.TimeoutException.class).verify();
		});
	}

	@Test
	void othersHooksRunBeforeWhileAndAfterTheContext() throws Exception {
		AtomicInteger scheduled = new AtomicInteger();
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Schedulers.onScheduleHook("someone-else", (task) -> {
			scheduled.incrementAndGet();
			return task;
		});
		Hooks.onErrorDropped(dropped::add);
		try {
			this.runner.run((context) -> {
				Engine engine = context.getBean(Engine.class);
				Mono.just(1).publishOn(Schedulers.parallel()).block(Duration.ofSeconds(5));
				assertThat(scheduled.get()).isPositive();
				Mono.error(new IllegalStateException("dropped while running")).subscribe();
				assertThat(dropped).hasSize(1);
				assertThat(engine.findings().list(FindingKind.UNRETRIEVED_EXCEPTION)).hasSize(1);
			});
			int before = scheduled.get();
			Mono.just(1).publishOn(Schedulers.parallel()).block(Duration.ofSeconds(5));
			assertThat(scheduled.get()).isGreaterThan(before);
			Mono.error(new IllegalStateException("dropped after")).subscribe();
			assertThat(dropped).hasSize(2);
			assertThat(ReactorHookState.errorDroppedHook()).isNotNull();
		}
		finally {
			Schedulers.resetOnScheduleHook("someone-else");
			Hooks.resetOnErrorDropped();
		}
	}

	@Test
	void twoContextsOneAfterTheOtherLeaveNothingBehind() throws Exception {
		// Contexts cached by other test classes in this JVM keep their own threads.
		java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
		List<Thread> ours = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 2; i++) {
			this.runner.run((context) -> {
				assertThat(ReactorHookState.anyScheduleHook()).isTrue();
				Mono.just(1).publishOn(Schedulers.parallel()).block(Duration.ofSeconds(5));
				// Taken while the context runs: a thread that ended with it is no longer listed after.
				ours.addAll(Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> thread.getName().startsWith("asyncloop-") && !before.contains(thread)
							&& !ours.contains(thread))
					.toList());
			});
			assertThat(ReactorHookState.anyScheduleHook()).isFalse();
			assertThat(ReactorHookState.errorDroppedHook()).isNull();
		}
		// The control: each context started threads of its own (its watchdog, its loop), so
		// the check below looks at threads that were there to be left behind.
		assertThat(ours).anyMatch((thread) -> thread.getName().startsWith("asyncloop-watchdog"));
		for (Thread thread : ours) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		assertThat(ours).noneMatch(Thread::isAlive);
	}

	@Test
	void disabledBridgeInstallsNothing() {
		this.runner.withPropertyValues("asyncloop.reactor.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ReactorBridge.class);
			assertThat(ReactorHookState.anyScheduleHook()).isFalse();
			assertThat(ReactorHookState.errorDroppedHook()).isNull();
			Mono.error(new IllegalStateException("nobody is listening")).subscribe();
			assertThat(context.getBean(Engine.class).findings().list(FindingKind.UNRETRIEVED_EXCEPTION)).isEmpty();
		});
	}

	@Test
	void enabledBridgeInstallsItsHooks() {
		// The twin of the test above, proving that what it finds missing is there when the bridge is on.
		this.runner.withPropertyValues("asyncloop.reactor.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ReactorBridge.class);
			assertThat(ReactorHookState.anyScheduleHook()).isTrue();
			assertThat(ReactorHookState.errorDroppedHook()).isNotNull();
			Mono.error(new IllegalStateException("nobody is listening")).subscribe();
			assertThat(context.getBean(Engine.class).findings().list(FindingKind.UNRETRIEVED_EXCEPTION)).hasSize(1);
		});
	}

	@Test
	void withoutReactorNothingReactorRelatedLoads() {
		this.runner.withClassLoader(new FilteredClassLoader("reactor.")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Engine.class);
			assertThat(context).doesNotHaveBean(ReactorBridge.class);
		});
		// The control: the same runner with Reactor on its class path has the bridge.
		this.runner.run((context) -> assertThat(context).hasSingleBean(ReactorBridge.class));
	}

	@Test
	void loopRoutingRunsParallelOnTheDebugEventLoop() {
		this.runner.withPropertyValues("asyncloop.reactor.schedulers=loop").run((context) -> {
			String thread = Mono.fromCallable(() -> Thread.currentThread().getName())
				.subscribeOn(Schedulers.parallel())
				.block(Duration.ofSeconds(5));
			assertThat(thread).startsWith("asyncloop-loop-");
			StepVerifier.create(Mono.delay(Duration.ofMillis(10)).map((tick) -> Thread.currentThread().getName()))
				.assertNext((name) -> assertThat(name).startsWith("asyncloop-loop-"))
				.verifyComplete();
			Engine engine = context.getBean(Engine.class);
			await().until(() -> executor(engine, "loop").completed() >= 2);
			assertThat(executor(engine, "reactor-parallel").completed()).isZero();
		});
		String after = Mono.fromCallable(() -> Thread.currentThread().getName())
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(5));
		assertThat(after).startsWith("parallel-");
	}

	@Test
	void withoutLoopRoutingParallelIsCountedAsItself() {
		// The twin of the test above: the same work without routing is counted on
		// reactor-parallel and not on the loop, so a zero there means routed, not uncounted.
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			long loopBefore = executor(engine, "loop").completed();
			String thread = Mono.fromCallable(() -> Thread.currentThread().getName())
				.subscribeOn(Schedulers.parallel())
				.block(Duration.ofSeconds(5));
			assertThat(thread).startsWith("parallel-");
			StepVerifier.create(Mono.delay(Duration.ofMillis(10)).map((tick) -> Thread.currentThread().getName()))
				.assertNext((name) -> assertThat(name).startsWith("parallel-"))
				.verifyComplete();
			await().until(() -> executor(engine, "reactor-parallel").completed() >= 2);
			assertThat(executor(engine, "loop").completed()).isEqualTo(loopBefore);
		});
	}

	static int stuckOperator(int value, CountDownLatch release) {
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return value * 2;
	}

	private static List<SlowCallback> slowCallbacks(Engine engine) {
		return engine.findings().list(FindingKind.SLOW_CALLBACK).stream().map(SlowCallback.class::cast).toList();
	}

	private static ExecutorSnapshot executor(Engine engine, String name) {
		return engine.executors().stream().filter((executor) -> executor.name().equals(name)).findFirst().orElseThrow();
	}

}
