package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.UnretrievedException;

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
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.unretrieved-exceptions.grace=" + GRACE.toMillis() + "ms",
				"asyncloop.debug=true");

	@Test
	void unobservedFailureIsReportedWithTaskExceptionAndCreationSite() {
		this.runner.run((context) -> {
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			worker.submitCompletable(GhostTaskTests::fail);

			UnretrievedException lost = awaitUnretrieved(context.getBean(AsyncLoopEngine.class));
			assertThat(lost.exception()).isEqualTo("java.lang.IllegalStateException: This is a hidden exception!");
			assertThat(lost.executor()).isEqualTo("worker");
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
			assertNothingReportedAfterGrace(context.getBean(AsyncLoopEngine.class), worker);
		});
	}

	@Test
	void failureObservedByGetIsNotReported() {
		this.runner.run((context) -> {
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			Future<Object> future = worker.submit(GhostTaskTests::fail);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
			Future<?> onLoop = context.getBean(DebugEventLoop.class).submit(() -> {
				throw new IllegalStateException("loop failure");
			});
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> onLoop.get(5, TimeUnit.SECONDS));
			assertNothingReportedAfterGrace(context.getBean(AsyncLoopEngine.class), worker);
		});
	}

	@Test
	void failureObservedAfterTheReportIsMarkedRetrievedLater() {
		this.runner.run((context) -> {
			AsyncLoopEngine engine = context.getBean(AsyncLoopEngine.class);
			Future<Object> future = context.getBean(WorkerExecutor.class).submit(GhostTaskTests::fail);
			assertThat(awaitUnretrieved(engine).retrievedLater()).isFalse();

			assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get);
			assertThat(unretrieved(engine)).singleElement()
				.satisfies((lost) -> assertThat(lost.retrievedLater()).isTrue());
		});
	}

	@Test
	void failedLoopSubmissionIsReported() {
		this.runner.run((context) -> {
			context.getBean(DebugEventLoop.class).submit(() -> {
				throw new IllegalStateException("nobody asked");
			});
			assertThat(awaitUnretrieved(context.getBean(AsyncLoopEngine.class)).executor()).isEqualTo("loop");
		});
	}

	@Test
	void asyncMethodsFailingUnobservedAreReported(CapturedOutput output) {
		this.runner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			AsyncLoopEngine engine = context.getBean(AsyncLoopEngine.class);
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

	private static Object fail() {
		throw new IllegalStateException("This is a hidden exception!");
	}

	private static UnretrievedException awaitUnretrieved(AsyncLoopEngine engine) {
		return await().atMost(Duration.ofSeconds(5)).until(() -> unretrieved(engine), (found) -> !found.isEmpty()).get(0);
	}

	private static List<UnretrievedException> unretrieved(AsyncLoopEngine engine) {
		return engine.findings()
			.list(FindingKind.UNRETRIEVED_EXCEPTION)
			.stream()
			.map(UnretrievedException.class::cast)
			.toList();
	}

	/**
	 * Nothing reported once every earlier failure's grace period is over: failures are
	 * decided in the order they happened, so when a marker failure left unobserved
	 * after them is reported, they have all been decided.
	 */
	private static void assertNothingReportedAfterGrace(AsyncLoopEngine engine, WorkerExecutor worker) {
		worker.submitCompletable(GhostTaskTests::marker);
		await().atMost(Duration.ofSeconds(5)).until(() -> !unretrieved(engine).isEmpty());
		assertThat(unretrieved(engine)).extracting(UnretrievedException::task).containsExactly("GhostTaskTests.marker");
	}

	private static Object marker() {
		throw new IllegalStateException("marker");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Risky risky() {
			return new Risky();
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
