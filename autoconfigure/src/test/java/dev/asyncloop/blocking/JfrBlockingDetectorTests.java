package dev.asyncloop.blocking;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopBlockingAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopReactorAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NamedTask;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blocking calls on non-blocking threads, found through the JDK's Flight Recorder
 * events: every way of blocking is caught on the event loop, none where blocking is
 * allowed.
 */
class JfrBlockingDetectorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				AsyncLoopReactorAutoConfiguration.class, AsyncLoopBlockingAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.debug=true");

	@ParameterizedTest
	@EnumSource(Blockers.class)
	void blockingOnTheLoopIsDetected(Blockers blocker) {
		this.runner.run((context) -> {
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			Engine engine = context.getBean(Engine.class);
			loop.submit(NamedTask.named("blocker", () -> blockOn(blocker))).get(10, TimeUnit.SECONDS);

			BlockingCall call = await().atMost(Duration.ofSeconds(5))
				.until(() -> calls(engine, blocker), (found) -> !found.isEmpty())
				.get(0);
			assertThat(call.thread()).startsWith("asyncloop-loop-");
			assertThat(call.executor()).isEqualTo("loop");
			assertThat(call.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(Blockers.BLOCK_MILLIS - 50));
			assertThat(call.task()).isEqualTo("blocker");
			assertThat(call.stack()).anyMatch((frame) -> frame.startsWith(JfrBlockingDetectorTests.class.getName() + ".blockOn("));
		});
	}

	@Test
	void blockingWhereItIsAllowedIsNotReported() {
		this.runner.run((context) -> {
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			Engine engine = context.getBean(Engine.class);
			for (Blockers blocker : Blockers.values()) {
				worker.submit(() -> blockOn(blocker)).get(10, TimeUnit.SECONDS);
				Mono.fromRunnable(() -> blockOn(blocker))
					.subscribeOn(Schedulers.boundedElastic())
					.block(Duration.ofSeconds(10));
			}
			// A marker on the loop, blocking last: once it is reported, everything before it was read.
			Future<?> marker = context.getBean(DebugEventLoop.class).submit(() -> blockOn(Blockers.SLEEP));
			marker.get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !engine.findings().list(FindingKind.BLOCKING_CALL).isEmpty());
			assertThat(engine.findings().list(FindingKind.BLOCKING_CALL)).singleElement()
				.satisfies((finding) -> assertThat(((BlockingCall) finding).thread()).startsWith("asyncloop-loop-"));
		});
	}

	@Test
	void blockingWhileInitialisingAClassIsWarmUp() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			loop.submit(SlowStaticInitialiser::touch).get(10, TimeUnit.SECONDS);
			// A marker blocking after it: once it is reported, everything before it was read.
			loop.submit(() -> sleep(Blockers.BLOCK_MILLIS)).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !engine.findings().list(FindingKind.BLOCKING_CALL).isEmpty());
			assertThat(engine.findings().list(FindingKind.BLOCKING_CALL)).singleElement()
				.satisfies((finding) -> assertThat(((BlockingCall) finding).stack())
					.noneMatch((frame) -> frame.contains("<clinit>")));
			assertThat(engine.findings().list(FindingKind.SLOW_CALLBACK)).extracting((slow) -> ((SlowCallback) slow).stack())
				.noneMatch((stack) -> stack.stream().anyMatch((frame) -> frame.contains("<clinit>")));
			assertThat(engine.findings().warmUp().count()).isPositive();
		});
	}

	private static final CountDownLatch INITIALISING = new CountDownLatch(1);

	@Test
	void waitsOnAClassInitialisationLockAreTheJvmsNotTheCodes() {
		// As JFR records it (JDK 17 and 25): the top frame is the code that touched the class.
		assertThat(JfrBlockingDetector.isClassInitialisationWait("jdk.JavaMonitorWait", null,
				List.of("reactor.core.publisher.Sinks.unsafe", "reactor.netty.channel.ChannelOperations.<init>")))
			.isTrue();
		assertThat(JfrBlockingDetector.isClassInitialisationWait("jdk.JavaMonitorWait", null,
				List.of("java.lang.Object.wait0", "java.lang.Object.wait", "com.example.Inbox.take")))
			.isFalse();
		// Entering the lock of a class another thread links or initialises, as JDK 17 records it.
		assertThat(JfrBlockingDetector.isClassInitialisationWait("jdk.JavaMonitorEnter", "[I",
				List.of("reactor.netty.http.server.HttpServer$HttpServerHandle.onStateChange")))
			.isTrue();
		assertThat(JfrBlockingDetector.isClassInitialisationWait("jdk.JavaMonitorEnter", "com.example.Cache",
				List.of("com.example.Cache.get")))
			.isFalse();
	}

	@Test
	void waitingForAnotherThreadToInitialiseAClassIsWarmUp() {
		// As two Netty loops making their first sink at once: one initialises the class,
		// the other waits for it with no wait of its own on its stack.
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			Thread initialiser = new Thread(InitialisedByAnotherThread::touch, "initialiser");
			initialiser.start();
			// Not read from the class itself: reading it would wait for its initialisation too.
			assertThat(INITIALISING.await(5, TimeUnit.SECONDS)).isTrue();
			long warmUp = engine.findings().warmUp().count();
			loop.submit(InitialisedByAnotherThread::touch).get(10, TimeUnit.SECONDS);
			initialiser.join(10_000);
			// A marker blocking after it: once it is reported, everything before it was read.
			loop.submit(() -> sleep(Blockers.BLOCK_MILLIS)).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !engine.findings().list(FindingKind.BLOCKING_CALL).isEmpty());
			assertThat(engine.findings().list(FindingKind.BLOCKING_CALL)).singleElement()
				.satisfies((finding) -> assertThat(((BlockingCall) finding).call()).isEqualTo("java.lang.Thread.sleep"));
			assertThat(engine.findings().warmUp().count()).isGreaterThan(warmUp);
		});
	}

	/**
	 * A class whose initialisation, on another thread, takes a while.
	 */
	static final class InitialisedByAnotherThread {

		static {
			INITIALISING.countDown();
			sleep(Blockers.BLOCK_MILLIS * 2);
		}

		static void touch() {
		}

	}

	/**
	 * A class that reads the time of day slowly while it initialises, as {@code java.net.IDN}
	 * reads its tables.
	 */
	static final class SlowStaticInitialiser {

		static {
			sleep(Blockers.BLOCK_MILLIS);
		}

		static void touch() {
		}

	}

	@Test
	void sleepOnReactorParallelIsDetected() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			Mono.fromRunnable(() -> blockOn(Blockers.SLEEP)).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
			BlockingCall call = await().atMost(Duration.ofSeconds(5))
				.until(() -> calls(engine, Blockers.SLEEP), (found) -> !found.isEmpty())
				.get(0);
			assertThat(call.thread()).startsWith("parallel-");
			assertThat(call.executor()).isEqualTo("reactor-parallel");
		});
	}

	@Test
	void shortWaitsBelowTheThresholdAreNotReported() {
		this.runner.withPropertyValues("asyncloop.blocking.threshold=200ms").run((context) -> {
			Engine engine = context.getBean(Engine.class);
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			loop.submit(() -> sleep(50)).get(5, TimeUnit.SECONDS);
			loop.submit(() -> sleep(Blockers.BLOCK_MILLIS)).get(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !engine.findings().list(FindingKind.BLOCKING_CALL).isEmpty());
			assertThat(engine.findings().list(FindingKind.BLOCKING_CALL)).singleElement()
				.satisfies((finding) -> assertThat(((BlockingCall) finding).duration()).isGreaterThan(Duration.ofMillis(200)));
		});
	}

	@Test
	void blockingOnAnApplicationsOwnSchedulerIsDetected() {
		this.runner.withUserConfiguration(OwnScheduler.class).run((context) -> {
			Engine engine = context.getBean(Engine.class);
			org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler poller = context.getBean("poller",
					org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler.class);
			poller.submit(() -> blockOn(Blockers.SLEEP)).get(10, TimeUnit.SECONDS);

			BlockingCall call = await().atMost(Duration.ofSeconds(5))
				.until(() -> calls(engine, Blockers.SLEEP), (found) -> !found.isEmpty())
				.get(0);
			assertThat(call.executor()).isEqualTo("poller");
			assertThat(call.thread()).startsWith("poller-");
		});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class OwnScheduler {

		@org.springframework.context.annotation.Bean
		org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler poller() {
			org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler scheduler = new org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("poller-");
			return scheduler;
		}

	}

	@Test
	void theSlowCallbackNamesTheBlockingCall() {
		this.runner.withPropertyValues("asyncloop.slow-callback-duration=100ms").run((context) -> {
			Engine engine = context.getBean(Engine.class);
			context.getBean(DebugEventLoop.class).submit(() -> blockOn(Blockers.SLEEP)).get(5, TimeUnit.SECONDS);
			SlowCallback slow = await().atMost(Duration.ofSeconds(5))
				.until(() -> engine.findings()
					.list(FindingKind.SLOW_CALLBACK)
					.stream()
					.map(SlowCallback.class::cast)
					.filter((callback) -> callback.blockingCall() != null)
					.findFirst(), java.util.Optional::isPresent)
				.get();
			assertThat(slow.blockingCall()).isEqualTo("java.lang.Thread.sleep");
			assertThat(slow.finished()).isTrue();
		});
	}

	@Test
	void withoutDebugModeNothingIsDetectedUntilItIsSwitchedOn() {
		this.runner.withPropertyValues("asyncloop.debug=false").run((context) -> {
			Engine engine = context.getBean(Engine.class);
			JfrDetection detection = context.getBean(JfrDetection.class);
			assertThat(detection.isDetecting()).isFalse();
			engine.settings().setDebug(true);
			await().atMost(Duration.ofSeconds(5)).until(detection::isDetecting);
			engine.settings().setDebug(false);
			await().atMost(Duration.ofSeconds(5)).until(() -> !detection.isDetecting());
		});
	}

	@Test
	void theStreamIsClosedWithTheContext() {
		java.util.concurrent.atomic.AtomicReference<JfrDetection> detection = new java.util.concurrent.atomic.AtomicReference<>();
		this.runner.run((context) -> {
			detection.set(context.getBean(JfrDetection.class));
			assertThat(detection.get().isDetecting()).isTrue();
		});
		assertThat(detection.get().isDetecting()).isFalse();
	}

	@Test
	void withoutTheFlightRecorderItSaysSoOnceAndTheApplicationRuns() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			try (JfrDetection unavailable = JfrDetection.start(engine, Duration.ofMillis(10), false)) {
				assertThat(unavailable.isDetecting()).isFalse();
				assertThat(context.getBean(DebugEventLoop.class).submit(() -> "still running").get(5, TimeUnit.SECONDS))
					.isEqualTo("still running");
			}
		});
	}

	static void blockOn(Blockers blocker) {
		try {
			blocker.block();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static List<BlockingCall> calls(Engine engine, Blockers blocker) {
		return engine.findings()
			.list(FindingKind.BLOCKING_CALL)
			.stream()
			.map(BlockingCall.class::cast)
			.filter((call) -> call.call().contains(blocker.call()))
			.toList();
	}

}
