package dev.asyncloop.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.LiveTask;
import dev.asyncloop.core.internal.TaskState;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the watchdog finds slow callbacks: while they run, with the stack where they
 * are stuck, and completed with their final duration when they end.
 */
class WatchdogTests {

	private final Engine engine = new Engine(
			EngineOptions.defaults().withSlowCallbackDuration(Duration.ofMillis(50)));

	private final CapturedFindings findings = new CapturedFindings();

	private ThreadPoolExecutor loop;

	WatchdogTests() {
		this.engine.findings().addListener(this.findings);
		this.engine.start();
		this.loop = TestExecutors.pool(this.engine, "loop", ExecutorKind.NON_BLOCKING, 1);
	}

	@AfterEach
	void close() throws InterruptedException {
		this.loop.shutdownNow();
		this.loop.awaitTermination(5, TimeUnit.SECONDS);
		this.engine.close();
	}

	@Test
	void slowTaskIsReportedWhileStillRunningWithTheStackWhereItIsStuck() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.loop.execute(() -> stuckOn(release));

		await().atMost(Duration.ofSeconds(5)).until(() -> !this.findings.slowCallbacks().isEmpty());
		SlowCallback live = this.findings.slowCallbacks().get(0);
		assertThat(live.finished()).isFalse();
		assertThat(live.executor()).isEqualTo("loop");
		assertThat(live.thread()).isEqualTo("test-loop-1");
		assertThat(live.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
		assertThat(live.stack()).anyMatch((frame) -> frame.startsWith("java.util.concurrent.CountDownLatch.await"));
		assertThat(live.stack()).anyMatch((frame) -> frame.startsWith(WatchdogTests.class.getName() + ".stuckOn"));
		assertThat(live.task()).isEqualTo("WatchdogTests.slowTaskIsReportedWhileStillRunningWithTheStackWhereItIsStuck (lambda)");

		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.findings.updated.isEmpty());
		SlowCallback finished = (SlowCallback) this.findings.updated.get(0);
		assertThat(finished.finished()).isTrue();
		assertThat(finished.duration()).isGreaterThan(live.duration());
		assertThat(finished.stack()).isEqualTo(live.stack());
		assertThat(this.engine.findings().list(FindingKind.SLOW_CALLBACK)).containsExactly(finished);
	}

	@Test
	void aSlowCallbacksFinalDurationIsNeverShortOfItsRunThoughItsThreadReadsNoClockAsItStarts()
			throws Exception {
		AtomicLong measured = new AtomicLong();
		this.loop.execute(() -> {
			long start = System.nanoTime();
			holdFor(Duration.ofMillis(150));
			measured.set(System.nanoTime() - start);
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.findings.updated.isEmpty());
		SlowCallback finished = (SlowCallback) this.findings.updated.get(0);
		assertThat(finished.finished()).isTrue();
		// Counted from the tick its start read: never short of the run, and over it by the
		// time between two ticks (5 ms at this threshold; more when the watchdog is late).
		assertThat(finished.duration().toNanos()).isBetween(measured.get(),
				measured.get() + TimeUnit.MILLISECONDS.toNanos(30));
	}

	@Test
	void slowTaskInTheStartupGraceIsWarmUpAndNotReported() throws Exception {
		this.engine.settings().extendStartupGrace(Duration.ofSeconds(30));
		CountDownLatch release = new CountDownLatch(1);
		this.loop.execute(() -> stuckOn(release));
		// Twice the threshold, then a full look of the watchdog.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.liveTasks(false).stream()
			.anyMatch((task) -> task.running() != null && task.running().compareTo(Duration.ofMillis(100)) > 0));
		this.engine.settle(Duration.ofSeconds(5));
		assertThat(this.findings.slowCallbacks()).isEmpty();
		assertThat(this.engine.settings().isTimingSuppressed()).isTrue();
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.liveTasks(false).isEmpty());
		this.engine.settle(Duration.ofSeconds(5));
		assertThat(this.findings.slowCallbacks()).isEmpty();
		assertThat(this.findings.updated).isEmpty();
	}

	@Test
	void startupGraceEndsAndNeverShortens() {
		Engine engine = new Engine(EngineOptions.defaults());
		try {
			engine.settings().extendStartupGrace(Duration.ofMillis(200));
			engine.settings().extendStartupGrace(Duration.ofMillis(1)); // does not shorten it
			assertThat(engine.settings().isTimingSuppressed()).isTrue();
			assertThat(engine.settings().isInStartupGrace(java.time.Instant.now())).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> !engine.settings().isTimingSuppressed());
			assertThat(engine.settings().isInStartupGrace(java.time.Instant.now())).isFalse();
			engine.settings().extendStartupGrace(Duration.ZERO);
			assertThat(engine.settings().isTimingSuppressed()).isFalse();
		}
		finally {
			engine.close();
		}
	}

	@Test
	void taskThatNeverReturnsIsStillReported() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		this.loop.execute(() -> stuckOn(never));

		await().atMost(Duration.ofSeconds(5)).until(() -> !this.findings.slowCallbacks().isEmpty());
		assertThat(this.findings.slowCallbacks()).singleElement().satisfies((slow) -> assertThat(slow.finished()).isFalse());
		List<LiveTask> tasks = this.engine.liveTasks(true);
		assertThat(tasks).singleElement().satisfies((task) -> {
			assertThat(task.state()).isEqualTo(TaskState.RUNNING);
			assertThat(task.thread()).isEqualTo("test-loop-1");
			assertThat(task.stack()).anyMatch((frame) -> frame.contains("stuckOn"));
		});
		never.countDown();
	}

	@Test
	void slowRunIsReportedOncePerRun() throws Exception {
		CountDownLatch first = new CountDownLatch(1);
		CountDownLatch second = new CountDownLatch(1);
		this.loop.execute(() -> stuckOn(first));
		this.loop.execute(() -> stuckOn(second));

		await().atMost(Duration.ofSeconds(5)).until(() -> this.findings.slowCallbacks().size() == 1);
		first.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.findings.slowCallbacks().size() == 2);
		second.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.findings.updated.size() == 2);
		assertThat(this.engine.findings().count(FindingKind.SLOW_CALLBACK)).isEqualTo(2);
	}

	@Test
	void shortTasksAreNotReported() throws Exception {
		CountDownLatch done = new CountDownLatch(100);
		for (int i = 0; i < 100; i++) {
			this.loop.execute(done::countDown);
		}
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		await().until(() -> this.engine.executors().get(0).completed() == 100);
		this.engine.settle(Duration.ofSeconds(5)); // a whole look after they all ended
		assertThat(this.findings.recorded).isEmpty();
	}

	@Test
	void blockingExecutorUsesItsOwnLongTaskDuration() throws Exception {
		ThreadPoolExecutor worker = TestExecutors.pool(this.engine, "worker", ExecutorKind.BLOCKING, 1);
		try {
			this.engine.directory().executor("worker").setLongTaskDuration(Duration.ofSeconds(30));
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch started = new CountDownLatch(1);
			worker.execute(() -> {
				started.countDown();
				stuckOn(release);
			});
			started.await();
			// The loop's threshold has long passed for a loop task; the worker's has not.
			CountDownLatch loopSlow = new CountDownLatch(1);
			this.loop.execute(() -> stuckOn(loopSlow));
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.findings.slowCallbacks().isEmpty());
			assertThat(this.findings.slowCallbacks()).extracting(SlowCallback::executor).containsOnly("loop");
			release.countDown();
			loopSlow.countDown();
		}
		finally {
			worker.shutdownNow();
		}
	}

	@Test
	void thresholdChangesAtRuntime() throws Exception {
		this.engine.settings().setSlowCallbackDuration(Duration.ofSeconds(30));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		this.loop.execute(() -> {
			started.countDown();
			stuckOn(release);
		});
		started.await();
		assertThat(this.engine.executors().get(0).threshold()).isEqualTo(Duration.ofSeconds(30));
		this.engine.settings().setSlowCallbackDuration(Duration.ofMillis(10));
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.findings.slowCallbacks().isEmpty());
		assertThat(this.findings.slowCallbacks().get(0).threshold()).isEqualTo(Duration.ofMillis(10));
		release.countDown();
	}

	@Test
	void aStaticInitialiserThatTakesLongIsWarmUpNotASlowCallback() throws Exception {
		CountDownLatch done = new CountDownLatch(1);
		this.loop.execute(() -> {
			SlowToInitialise.touch();
			done.countDown();
		});
		awaitRunningFor(Duration.ofMillis(200));
		this.engine.settle(Duration.ofSeconds(5));
		assertThat(this.findings.slowCallbacks()).isEmpty();
		SLOW_INITIALISER_RELEASE.countDown();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.findings().warmUp().count() == 1);
		assertThat(this.findings.recorded).isEmpty();
	}

	@Test
	void runThatLoadsClassesAndThenBlocksIsReportedWithWhereItBlocks() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch blocked = new CountDownLatch(1);
		ClassLoader slowLoader = new SlowClassLoader(loading);
		this.loop.execute(() -> {
			try {
				slowLoader.loadClass("com.example.NotThere");
			}
			catch (ClassNotFoundException ex) {
				// expected: it only takes its time
			}
			stuckOn(blocked);
		});
		awaitRunningFor(Duration.ofMillis(200));
		this.engine.settle(Duration.ofSeconds(5));
		assertThat(this.findings.slowCallbacks()).isEmpty();

		loading.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.findings.slowCallbacks().isEmpty());
		SlowCallback live = this.findings.slowCallbacks().get(0);
		assertThat(live.finished()).isFalse();
		// The whole run counts, class loading included; the blocked part is judged by
		// stacks sampled a fraction of the threshold apart, so no exact sum is promised.
		assertThat(live.duration()).isGreaterThan(Duration.ofMillis(200));
		assertThat(live.stack()).anyMatch((frame) -> frame.contains(".stuckOn("))
			.noneMatch((frame) -> frame.contains("loadClass"));
		blocked.countDown();
	}

	@Test
	void frameworkCodeRunningLongIsWarmUpOnlyTheFirstTimeAtItsPlace() throws Exception {
		Engine engine = new Engine(EngineOptions.defaults()
			.withSlowCallbackDuration(Duration.ofMillis(50))
			.withApplicationCode(ApplicationCode.inPackages(List.of("com.example"))));
		CapturedFindings findings = new CapturedFindings();
		engine.findings().addListener(findings);
		engine.start();
		ThreadPoolExecutor loop = TestExecutors.pool(engine, "loop", ExecutorKind.NON_BLOCKING, 1);
		try {
			// Nothing on these stacks is the application's (com.example): framework code.
			CountDownLatch first = new CountDownLatch(1);
			loop.execute(NamedTask.named("refresh", () -> stuckOn(first)));
			await().atMost(Duration.ofSeconds(5)).until(() -> engine.liveTasks(false).stream()
				.anyMatch((task) -> task.running() != null && task.running().compareTo(Duration.ofMillis(200)) > 0));
			first.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> engine.findings().warmUp().count() == 1);
			assertThat(findings.recorded).isEmpty();

			CountDownLatch second = new CountDownLatch(1);
			loop.execute(NamedTask.named("refresh", () -> stuckOn(second)));
			await().atMost(Duration.ofSeconds(5)).until(() -> !findings.slowCallbacks().isEmpty());
			assertThat(findings.slowCallbacks().get(0).task()).isEqualTo("refresh");
			second.countDown();
		}
		finally {
			loop.shutdownNow();
			engine.close();
		}
	}

	private void awaitRunningFor(Duration duration) {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.liveTasks(false).stream()
			.anyMatch((task) -> task.running() != null && task.running().compareTo(duration) > 0));
	}

	/** Lets {@link SlowToInitialise} finish initialising; kept outside it, so that it can be reached meanwhile. */
	static final CountDownLatch SLOW_INITIALISER_RELEASE = new CountDownLatch(1);

	/**
	 * A class whose static initialiser takes as long as the test wants.
	 */
	static final class SlowToInitialise {

		static {
			stuckOn(SLOW_INITIALISER_RELEASE);
		}

		static void touch() {
		}

	}

	/**
	 * A class loader that takes as long as the test wants to find nothing.
	 */
	static final class SlowClassLoader extends ClassLoader {

		private final CountDownLatch release;

		SlowClassLoader(CountDownLatch release) {
			super(null);
			this.release = release;
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			stuckOn(this.release);
			throw new ClassNotFoundException(name);
		}

	}

	/** Holds the thread, as a blocking call would, for {@code duration} at least. */
	static void holdFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

	static void stuckOn(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
