package dev.asyncloop.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;
import dev.asyncloop.core.internal.LiveTask;
import dev.asyncloop.core.internal.TaskState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tasks given to the loop's {@code execute}, which the loop queues as they are: they
 * run in the order given, after a scheduled task that fell due before them, and show
 * as queued, under their own names, while they wait. (Those left queued at shutdown:
 * {@code PendingTasksAtShutdownTests}.)
 */
class LoopExecuteTests {

	@RegisterExtension
	final EngineWithDebugLoop fixture = new EngineWithDebugLoop(EngineOptions.defaults());

	private final Engine engine = this.fixture.engine();

	private final DebugEventLoop loop = this.fixture.loop();

	private final CountDownLatch holding = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	@Test
	void tasksRunInTheOrderTheyWereGivenAfterAScheduledTaskDueBeforeThem() throws InterruptedException {
		List<String> ran = new CopyOnWriteArrayList<>();
		holdTheLoop();
		ScheduledFuture<?> scheduled = this.loop.schedule(() -> ran.add("scheduled"), Instant.now().plusMillis(20));
		long due = System.nanoTime() + scheduled.getDelay(TimeUnit.NANOSECONDS);
		// Due before the tasks below are given: by the time they read, the task clock's.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.tracking().clock().now() - due > 0);
		for (int i = 0; i < 200; i++) {
			String name = "executed-" + i;
			this.loop.execute(() -> ran.add(name));
		}
		CountDownLatch done = new CountDownLatch(1);
		this.loop.execute(done::countDown);
		this.release.countDown();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();

		List<String> expected = new ArrayList<>(List.of("scheduled"));
		IntStream.range(0, 200).forEach((i) -> expected.add("executed-" + i));
		assertThat(ran).containsExactlyElementsOf(expected);
	}

	@Test
	void waitingTasksShowAsQueuedUnderTheirOwnName() throws InterruptedException {
		holdTheLoop();
		this.loop.execute(new Reminder());
		List<LiveTask> queued = await().atMost(Duration.ofSeconds(5))
			.until(() -> this.engine.liveTasks(false).stream()
				.filter((task) -> task.state() == TaskState.QUEUED)
				.toList(), (tasks) -> !tasks.isEmpty());
		assertThat(queued).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo("LoopExecuteTests$Reminder");
			assertThat(task.executor()).isEqualTo("loop");
		});
		assertThat(this.engine.executors()).filteredOn((executor) -> executor.name().equals("loop"))
			.singleElement()
			.satisfies((loop) -> {
				assertThat(loop.queued()).isEqualTo(1);
				assertThat(loop.scheduled()).isZero();
			});
		this.release.countDown();
	}

	private void holdTheLoop() throws InterruptedException {
		this.loop.execute(() -> {
			this.holding.countDown();
			Latches.awaitQuietly(this.release);
		});
		assertThat(this.holding.await(5, TimeUnit.SECONDS)).isTrue();
	}

	static final class Reminder implements Runnable {

		@Override
		public void run() {
		}

	}

}
