package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.TaskStats;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long the worker's tasks ran ({@code asyncloop.task.duration}) and waited
 * ({@code asyncloop.task.delay}), on the task clock the watchdog keeps: each task is
 * busy for its own run only, never for the time its thread waited for work or for the
 * pool to resume, and a task's own figures are right to one tick of that clock.
 */
class WorkerTimingTests {

	/**
	 * How far a task's own figures may be off: a tick of the task clock (10 ms at the
	 * default threshold), and some more when the watchdog ticks late on a busy machine.
	 */
	private static final long CLOCK_GRAIN = TimeUnit.MILLISECONDS.toNanos(25);

	private final Engine engine = new Engine(EngineOptions.defaults());

	private final WorkerExecutor worker = new WorkerExecutor(this.engine, "worker", Duration.ofSeconds(10));

	private final AtomicReference<Thread> thread = new AtomicReference<>();

	@BeforeEach
	void start() throws Exception {
		this.engine.start();
		this.worker.setCorePoolSize(1);
		this.worker.setMaxPoolSize(1);
		this.worker.initialize();
		this.worker.submit(() -> this.thread.set(Thread.currentThread())).get(5, TimeUnit.SECONDS);
		completedStats(1);
	}

	@AfterEach
	void stop() {
		this.worker.shutdown();
		this.engine.close();
	}

	@Test
	void taskQueuedBehindAnotherWaitsForItAndRunsForItsOwnRunOnly() throws Exception {
		TaskStats before = completedStats(1);
		long holderSubmitted = System.nanoTime();
		CountDownLatch release = occupyTheThread();
		Future<?> queued = this.worker.submit(() -> {
		});
		long submitted = System.nanoTime();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.worker.getQueueSize() == 1);
		long released = System.nanoTime();
		release.countDown();
		queued.get(5, TimeUnit.SECONDS);
		TaskStats after = completedStats(3);
		long done = System.nanoTime();

		// The queued task started where the holder ended: it waited all that time...
		assertThat(after.delayNanos() - before.delayNanos()).isGreaterThanOrEqualTo(released - submitted - CLOCK_GRAIN);
		// ...and was not busy for the holder's run as well as its own.
		assertThat(after.busyNanos() - before.busyNanos()).isLessThanOrEqualTo(done - holderSubmitted + CLOCK_GRAIN);
	}

	@Test
	void taskGivenToAnIdleThreadIsNotBusyForTheTimeTheThreadWaited() throws Exception {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.thread.get().getState() == Thread.State.WAITING);
		TaskStats before = completedStats(1);
		long waited = letTimePass();
		this.worker.submit(() -> {
		}).get(5, TimeUnit.SECONDS);
		TaskStats after = completedStats(2);

		assertThat(after.busyNanos() - before.busyNanos()).isLessThan(waited);
	}

	@Test
	void taskHeldByAPausedPoolIsNotBusyForThePause() throws Exception {
		CountDownLatch release = occupyTheThread();
		Future<?> queued = this.worker.submit(() -> {
		});
		this.worker.stop(); // Spring's lifecycle pause
		release.countDown();
		TaskStats before = completedStats(2);
		// The thread has taken the queued task and is held before running it.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.worker.getQueueSize() == 0 && this.thread.get().getState() == Thread.State.WAITING);
		long paused = letTimePass();
		this.worker.start();
		queued.get(5, TimeUnit.SECONDS);
		TaskStats after = completedStats(3);

		assertThat(after.busyNanos() - before.busyNanos()).isLessThan(paused);
	}

	@Test
	void taskAfterOneGivenToThePoolBehindTheWorkersBackIsNotBusyForThatOne() throws Exception {
		CountDownLatch release = occupyTheThread();
		// Queued behind the holder: a task asyncloop does not see, then one it does.
		CountDownLatch untrackedRunning = new CountDownLatch(1);
		CountDownLatch untrackedRelease = new CountDownLatch(1);
		this.worker.getThreadPoolExecutor().execute(() -> {
			untrackedRunning.countDown();
			Latches.awaitQuietly(untrackedRelease);
		});
		Future<?> last = this.worker.submit(() -> {
		});
		release.countDown();
		TaskStats before = completedStats(2);
		assertThat(untrackedRunning.await(5, TimeUnit.SECONDS)).isTrue();
		long untrackedRan = letTimePass();
		untrackedRelease.countDown();
		last.get(5, TimeUnit.SECONDS);
		TaskStats after = completedStats(3);

		assertThat(after.busyNanos() - before.busyNanos()).isLessThan(untrackedRan);
	}

	/**
	 * Occupies the worker's one thread with a task that runs until the latch returned
	 * is counted down.
	 */
	private CountDownLatch occupyTheThread() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.worker.execute(() -> {
			running.countDown();
			Latches.awaitQuietly(release);
		});
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		return release;
	}

	/**
	 * Lets a fifth of a second pass, a time no task here runs for; returns how long it was.
	 */
	private static long letTimePass() {
		long from = System.nanoTime();
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
		return System.nanoTime() - from;
	}

	private TaskStats completedStats(int tasks) {
		return await().atMost(Duration.ofSeconds(5)).until(() -> EngineReports.stats(this.engine, "worker"),
				(stats) -> stats.completed() == tasks);
	}

}
