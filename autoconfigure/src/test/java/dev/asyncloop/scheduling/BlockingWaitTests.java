package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.AsyncLoopViolationException;
import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.FindingKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Waiting for a future on the event loop blocks the loop: such a wait is a blocking
 * call, found at the call with the caller's stack. On the worker it is fine.
 */
class BlockingWaitTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

	@Test
	void joinOnTheLoopIsABlockingCall() {
		this.runner.run((context) -> {
			BlockingCall call = waitOnTheLoop(context, WorkerExecutor::submitCompletable, BlockingWaitTests::waitOn);
			assertThat(call.call()).isEqualTo("java.util.concurrent.CompletableFuture.join");
			assertThat(call.thread()).startsWith("asyncloop-loop-");
			assertThat(call.executor()).isEqualTo("loop");
			assertThat(call.stack()).first().asString().startsWith(BlockingWaitTests.class.getName() + ".waitOn(");
		});
	}

	@Test
	void getOnTheLoopIsABlockingCall() {
		this.runner.run((context) -> {
			BlockingCall call = waitOnTheLoop(context, WorkerExecutor::submit, Future::get);
			assertThat(call.call()).isEqualTo("java.util.concurrent.Future.get");
		});
	}

	@Test
	void strictModeThrowsAtTheBlockingWait() {
		this.runner.withPropertyValues("asyncloop.strict=true").run((context) -> {
			CompletableFuture<String> never = context.getBean(WorkerExecutor.class).submitCompletable(() -> {
				new CountDownLatch(1).await(5, TimeUnit.SECONDS);
				return "late";
			});
			Future<String> waited = context.getBean(DebugEventLoop.class).submit(() -> never.join());
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> waited.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(AsyncLoopViolationException.class)
				.withMessageStartingWith("Blocking call java.util.concurrent.CompletableFuture.join on non-blocking thread asyncloop-loop-1");
			assertThat(blockingCalls(context.getBean(Engine.class))).hasSize(1);
		});
	}

	@Test
	void waitingOnTheWorkerOrForAFinishedFutureIsNotABlockingCall() {
		this.runner.run((context) -> {
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<String> slow = worker.submitCompletable(() -> {
				release.await();
				return "done";
			});
			Future<String> onWorker = worker.submit(() -> slow.join());
			release.countDown();
			assertThat(onWorker.get(5, TimeUnit.SECONDS)).isEqualTo("done");
			CompletableFuture<String> finished = worker.submitCompletable(() -> "ready");
			finished.join();
			assertThat(loop.submit(() -> finished.join()).get(5, TimeUnit.SECONDS)).isEqualTo("ready");
			assertThat(blockingCalls(context.getBean(Engine.class))).isEmpty();
		});
	}

	/**
	 * Submits to the worker a task that runs until released, and to the loop a task
	 * that {@code waits} for the worker's future; releases the worker's task once the
	 * loop's thread is parked in its wait, so that the wait really blocks.
	 * @return the one blocking call found
	 */
	private static <F extends Future<String>> BlockingCall waitOnTheLoop(ApplicationContext context,
			BiFunction<WorkerExecutor, Callable<String>, F> submitToWorker, Wait<F> wait) throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		F slow = submitToWorker.apply(context.getBean(WorkerExecutor.class), () -> {
			release.await();
			return "done";
		});
		AtomicReference<Thread> waiter = new AtomicReference<>();
		Future<String> waited = context.getBean(DebugEventLoop.class).submit(() -> {
			waiter.set(Thread.currentThread());
			return wait.on(slow);
		});
		await().atMost(Duration.ofSeconds(5))
			.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.WAITING);
		release.countDown();
		assertThat(waited.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		Engine engine = context.getBean(Engine.class);
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> blockingCalls(engine), (calls) -> calls.size() == 1)
			.get(0);
	}

	private static String waitOn(CompletableFuture<String> future) {
		return future.join();
	}

	private static List<BlockingCall> blockingCalls(Engine engine) {
		return engine.findings().list(FindingKind.BLOCKING_CALL).stream().map(BlockingCall.class::cast).toList();
	}

	/**
	 * A wait for a future's result on the loop.
	 */
	@FunctionalInterface
	private interface Wait<F> {

		String on(F future) throws Exception;

	}

}
