package dev.asyncloop.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A million tiny tasks from four threads: every one counted, nothing left behind,
 * journals bounded, no thread outliving the context.
 */
class LoopStressTests {

	private static final int SUBMITTERS = 4;

	private static final int TASKS_EACH = 250_000;

	/** One task in this many sleeps past the 1 ms threshold: more slow callbacks than the journal keeps. */
	private static final int SLOW_EVERY = 20_000;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.slow-callback-duration=1ms", "asyncloop.journal-size=16",
				"asyncloop.log-interval=1h");

	@Test
	void millionTinyTasksAreAllCountedAndLeaveNothingBehind() throws Exception {
		// Contexts cached by other test classes in this JVM keep their own threads.
		java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
		List<Thread> leftOver = new ArrayList<>();
		this.runner.run((context) -> {
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			Engine engine = context.getBean(Engine.class);
			AtomicInteger ran = new AtomicInteger();
			CountDownLatch done = new CountDownLatch(SUBMITTERS * TASKS_EACH);
			AtomicBoolean journalOverflowed = new AtomicBoolean();
			AtomicBoolean watching = new AtomicBoolean(true);
			Thread journalWatcher = new Thread(() -> {
				while (watching.get()) {
					if (engine.findings().kept(FindingKind.SLOW_CALLBACK) > 16) {
						journalOverflowed.set(true);
					}
					Thread.onSpinWait();
				}
			});
			journalWatcher.start();

			ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
			List<Future<?>> submitted = new ArrayList<>();
			for (int s = 0; s < SUBMITTERS; s++) {
				submitted.add(submitters.submit(() -> {
					for (int i = 0; i < TASKS_EACH; i++) {
						boolean slow = i % SLOW_EVERY == 0;
						loop.execute(() -> {
							if (slow) {
								sleepMillis(3);
							}
							ran.incrementAndGet();
							done.countDown();
						});
					}
				}));
			}
			for (Future<?> future : submitted) {
				future.get(2, TimeUnit.MINUTES);
			}
			submitters.shutdown();
			assertThat(done.await(2, TimeUnit.MINUTES)).isTrue();
			watching.set(false);
			journalWatcher.join();

			assertThat(ran).hasValue(SUBMITTERS * TASKS_EACH);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(loopSnapshot(engine).completed())
					.isEqualTo(SUBMITTERS * TASKS_EACH));
			ExecutorSnapshot snapshot = loopSnapshot(engine);
			assertThat(snapshot.failed()).isZero();
			assertThat(snapshot.running()).isZero();
			assertThat(snapshot.queued()).isZero();
			assertThat(engine.liveTasks(false)).isEmpty();

			assertThat(journalOverflowed).isFalse();
			// Every slow run is judged: reported, or set aside when the watchdog, starved of
			// the two cores by five busy threads, could not look at it while it ran.
			await().untilAsserted(() -> assertThat(engine.findings().count(FindingKind.SLOW_CALLBACK)
					+ engine.findings().warmUp().count()).isGreaterThanOrEqualTo(SUBMITTERS * TASKS_EACH / SLOW_EVERY));
			assertThat(engine.findings().count(FindingKind.SLOW_CALLBACK)).isGreaterThan(16);
			assertThat(engine.findings().kept(FindingKind.SLOW_CALLBACK)).isEqualTo(16);
			assertThat(engine.tracking().errors().count()).isZero();
		});
		Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("asyncloop-") && !before.contains(thread))
			.forEach(leftOver::add);
		for (Thread thread : leftOver) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		assertThat(leftOver).noneMatch(Thread::isAlive);
	}

	private static ExecutorSnapshot loopSnapshot(Engine engine) {
		return engine.executors().stream().filter((executor) -> executor.name().equals("loop")).findFirst().orElseThrow();
	}

	private static void sleepMillis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
