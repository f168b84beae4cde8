package dev.asyncloop.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.UnretrievedException;
import dev.asyncloop.core.internal.TaskStats;

import static dev.asyncloop.scheduling.EngineReports.awaitUnretrieved;
import static dev.asyncloop.scheduling.EngineReports.stats;
import static dev.asyncloop.scheduling.EngineReports.unretrieved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Ghost tasks: a failed future whose exception nobody observes is reported after the
 * grace period, without waiting for the garbage collector; one that is observed is
 * not; one observed after the report is marked {@code retrievedLater}.
 */
@ExtendWith(OutputCaptureExtension.class)
class GhostTaskTests {

	private static final Duration GRACE = Duration.ofMillis(200);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.unretrieved-exceptions.grace=" + GRACE.toMillis() + "ms",
				"asyncloop.debug=true");

	@ParameterizedTest
	@ValueSource(classes = { DebugEventLoop.class, WorkerExecutor.class })
	void unobservedFailureIsReportedWithTaskExceptionAndCreationSite(Class<? extends AsyncTaskExecutor> type) {
		this.runner.run((context) -> {
			AsyncTaskExecutor executor = context.getBean(type);
			executor.submitCompletable(GhostTaskTests::fail);

			UnretrievedException lost = awaitUnretrieved(context.getBean(Engine.class));
			assertThat(lost.exception()).isEqualTo("java.lang.IllegalStateException: This is a hidden exception!");
			assertThat(lost.executor()).isEqualTo((type == DebugEventLoop.class) ? "loop" : "worker");
			assertThat(lost.task()).isEqualTo("GhostTaskTests.fail");
			assertThat(lost.stack()).first().asString().startsWith(GhostTaskTests.class.getName() + ".fail(");
			assertThat(lost.createdAt()).first().asString()
				.startsWith(GhostTaskTests.class.getName() + ".lambda$unobservedFailureIsReportedWithTaskExceptionAndCreationSite$");
			assertThat(lost.retrievedLater()).isFalse();
		});
	}

	@Test
	void failureObservedThroughADependentStageIsNotReported() {
		this.runner.run((context) -> {
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			CompletableFuture<Object> handled = worker.submitCompletable(GhostTaskTests::fail)
				.exceptionally((ex) -> "handled");
			assertThat(handled.get(5, TimeUnit.SECONDS)).isEqualTo("handled");
			CountDownLatch attached = new CountDownLatch(1);
			CompletableFuture<Object> failed = worker.submitCompletable(() -> {
				attached.await();
				return fail();
			});
			CompletableFuture<Void> all = CompletableFuture.allOf(failed);
			attached.countDown();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> all.get(5, TimeUnit.SECONDS));
			assertNothingReportedAfterGrace(context.getBean(Engine.class), worker);
		});
	}

	@Test
	void failureObservedThroughExceptionNowIsNotReported() {
		this.runner.run((context) -> {
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			// Future.exceptionNow() from Java 19 on; declared by the worker's future on 17 too.
			WatchedFutureTask<?> future = (WatchedFutureTask<?>) worker.submit((Callable<Object>) GhostTaskTests::fail);
			await().atMost(Duration.ofSeconds(5)).until(future::isDone);
			assertThat(future.exceptionNow()).hasMessage("This is a hidden exception!");
			assertNothingReportedAfterGrace(context.getBean(Engine.class), worker);
		});
	}

	@Test
	void failureObservedAfterTheReportIsMarkedRetrievedLater() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			Future<Object> future = context.getBean(WorkerExecutor.class).submit(GhostTaskTests::fail);
			assertThat(awaitUnretrieved(engine).retrievedLater()).isFalse();

			assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get);
			assertThat(unretrieved(engine)).singleElement()
				.satisfies((lost) -> assertThat(lost.retrievedLater()).isTrue());
		});
	}

	@ParameterizedTest
	@EnumSource
	void failureNobodyObservesIsReportedAndCountedAsFailed(Submission submission) {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			submission.submit(context.getBean(DebugEventLoop.class), context.getBean(WorkerExecutor.class),
					new FailingTask(submission.name()));

			UnretrievedException lost = awaitUnretrieved(engine);
			assertThat(lost.exception()).isEqualTo("java.lang.IllegalStateException: " + submission.name());
			assertThat(lost.executor()).isEqualTo(submission.executor);
			awaitStats(engine, submission.executor, (stats) -> assertThat(stats.failed()).isOne());
			assertThat(stats(engine, submission.executor).completed()).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(mode = EnumSource.Mode.MATCH_NONE, names = ".*_EXECUTE")
	void failureObservedThroughItsFutureIsNotReportedButCountedAsFailed(Submission submission) {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			Future<?> future = submission.submit(context.getBean(DebugEventLoop.class), worker,
					new FailingTask(submission.name()));

			assertThat(observedFailure(future)).hasMessage(submission.name());
			awaitStats(engine, submission.executor, (stats) -> assertThat(stats.failed()).isOne());
			assertNothingReportedAfterGrace(engine, worker);
		});
	}

	@Test
	void asyncMethodsFailingUnobservedAreReported(CapturedOutput output) {
		this.runner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			Engine engine = context.getBean(Engine.class);
			Risky risky = context.getBean(Risky.class);
			risky.riskyFuture();
			assertThat(awaitUnretrieved(engine).task()).isEqualTo("GhostTaskTests$Risky.riskyFuture");
			engine.findings().clear();

			risky.riskyVoid();
			assertThat(awaitUnretrieved(engine).task()).isEqualTo("GhostTaskTests$Risky.riskyVoid");
			// Spring's own handler still ran and logged it.
			await().untilAsserted(() -> assertThat(output).contains("Unexpected exception occurred invoking async method"));
		});
	}

	@Test
	void forcedWorkerReportsUnobservedFailuresBesideTheApplicationsExecutor() {
		this.runner.withUserConfiguration(AsyncConfiguration.class, ApplicationExecutorConfiguration.class)
			.withPropertyValues("spring.task.execution.mode=force")
			.run((context) -> {
				Engine engine = context.getBean(Engine.class);
				context.getBean(Risky.class).riskyFuture();
				UnretrievedException lost = awaitUnretrieved(engine);
				assertThat(lost.task()).isEqualTo("GhostTaskTests$Risky.riskyFuture");
				assertThat(lost.executor()).isEqualTo("worker");
				engine.findings().clear();

				context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class).submit(GhostTaskTests::fail);
				assertThat(awaitUnretrieved(engine).executor()).isEqualTo("worker");
			});
	}

	/**
	 * Looks at a failed future's exception the way its type allows: {@code get()} for a
	 * plain future, a dependent stage for a {@code CompletableFuture}.
	 */
	private static Throwable observedFailure(Future<?> future) throws Exception {
		if (future instanceof CompletableFuture<?> completable) {
			return completable.handle((result, ex) -> ex).get(5, TimeUnit.SECONDS);
		}
		return assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
			.actual()
			.getCause();
	}

	/**
	 * The counts are written by the task's thread as the task ends, which may be just
	 * after its future completed.
	 */
	private static void awaitStats(Engine engine, String executor, Consumer<TaskStats> assertion) {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertion.accept(stats(engine, executor)));
	}

	private static Object fail() {
		throw new IllegalStateException("This is a hidden exception!");
	}

	/**
	 * Nothing reported once every earlier failure's grace period is over: failures are
	 * decided in the order they happened, so when a marker failure left unobserved
	 * after them is reported, they have all been decided.
	 */
	private static void assertNothingReportedAfterGrace(Engine engine, WorkerExecutor worker) {
		worker.submitCompletable(GhostTaskTests::marker);
		await().atMost(Duration.ofSeconds(5)).until(() -> !unretrieved(engine).isEmpty());
		assertThat(unretrieved(engine)).extracting(UnretrievedException::task).containsExactly("GhostTaskTests.marker");
	}

	private static Object marker() {
		throw new IllegalStateException("marker");
	}

	/**
	 * Every way of handing a task to the loop or the worker; {@code submit} returns the
	 * future the caller gets, if any.
	 */
	enum Submission {

		LOOP_EXECUTE("loop", (loop, worker, task) -> {
			loop.execute(task);
			return null;
		}),

		LOOP_SUBMIT_RUNNABLE("loop", (loop, worker, task) -> loop.submit((Runnable) task)),

		LOOP_SUBMIT_CALLABLE("loop", (loop, worker, task) -> loop.submit((Callable<Object>) task)),

		LOOP_SUBMIT_COMPLETABLE_RUNNABLE("loop", (loop, worker, task) -> loop.submitCompletable((Runnable) task)),

		LOOP_SUBMIT_COMPLETABLE_CALLABLE("loop",
				(loop, worker, task) -> loop.submitCompletable((Callable<Object>) task)),

		LOOP_SCHEDULE("loop", (loop, worker, task) -> loop.schedule(task, Instant.now())),

		WORKER_EXECUTE("worker", (loop, worker, task) -> {
			worker.execute(task);
			return null;
		}),

		WORKER_SUBMIT_RUNNABLE("worker", (loop, worker, task) -> worker.submit((Runnable) task)),

		WORKER_SUBMIT_CALLABLE("worker", (loop, worker, task) -> worker.submit((Callable<Object>) task)),

		WORKER_SUBMIT_COMPLETABLE_RUNNABLE("worker",
				(loop, worker, task) -> worker.submitCompletable((Runnable) task)),

		WORKER_SUBMIT_COMPLETABLE_CALLABLE("worker",
				(loop, worker, task) -> worker.submitCompletable((Callable<Object>) task));

		private final String executor;

		private final Submitter submitter;

		Submission(String executor, Submitter submitter) {
			this.executor = executor;
			this.submitter = submitter;
		}

		Future<?> submit(DebugEventLoop loop, WorkerExecutor worker, FailingTask task) {
			return this.submitter.submit(loop, worker, task);
		}

		interface Submitter {

			Future<?> submit(DebugEventLoop loop, WorkerExecutor worker, FailingTask task);

		}

	}

	/**
	 * A task that fails with the given message, as a runnable or a callable.
	 */
	static final class FailingTask implements Runnable, Callable<Object> {

		private final String message;

		FailingTask(String message) {
			this.message = message;
		}

		@Override
		public Object call() {
			throw new IllegalStateException(this.message);
		}

		@Override
		public void run() {
			call();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Risky risky() {
			return new Risky();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor reportExecutor() {
			return new ThreadPoolTaskExecutor();
		}

	}

	static class Risky {

		@Async
		public CompletableFuture<Void> riskyFuture() {
			throw new IllegalArgumentException("hidden in a future");
		}

		@Async
		public void riskyVoid() {
			throw new IllegalArgumentException("hidden in a void method");
		}

	}

}
