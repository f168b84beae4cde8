package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.internal.Engine;

import static dev.asyncloop.scheduling.EngineReports.stats;
import static dev.asyncloop.scheduling.EngineReports.unretrieved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * An application's {@code TaskDecorator} that throws instead of running the task: the
 * task's future fails with the decorator's exception rather than never completing, a
 * failure nobody can retrieve is a finding, and the thread lives on.
 */
class TaskDecoratorFailureTests {

	private static final TaskDecorator BROKEN = (task) -> () -> {
		throw new IllegalStateException("decorator broke");
	};

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.unretrieved-exceptions.grace=100ms");

	@ParameterizedTest
	@ValueSource(classes = { DebugEventLoop.class, WorkerExecutor.class })
	void submitCompletableFailsWithTheDecoratorsException(Class<? extends AsyncTaskExecutor> type) {
		this.runner.run((context) -> {
			AsyncTaskExecutor executor = broken(context.getBean(type));
			CompletableFuture<Void> future = executor.submitCompletable(() -> {
			});

			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
				.havingCause()
				.withMessage("decorator broke");
			// Counted as the task ends, just after its future failed.
			Engine engine = context.getBean(Engine.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> stats(engine, executorName(type)).failed() == 1);
		});
	}

	@ParameterizedTest
	@ValueSource(classes = { DebugEventLoop.class, WorkerExecutor.class })
	void submitFailsWithTheDecoratorsException(Class<? extends AsyncTaskExecutor> type) {
		this.runner.run((context) -> {
			AsyncTaskExecutor executor = broken(context.getBean(type));
			Future<?> future = executor.submit(() -> {
			});

			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
				.havingCause()
				.withMessage("decorator broke");
			assertThat(future.isCancelled()).isFalse();
		});
	}

	@ParameterizedTest
	@ValueSource(classes = { DebugEventLoop.class, WorkerExecutor.class })
	void anUnobservedDecoratorFailureIsReportedAndTheThreadLivesOn(Class<? extends AsyncTaskExecutor> type) {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			AsyncTaskExecutor executor = broken(context.getBean(type));
			executor.execute(() -> {
			});
			executor.submitCompletable(() -> {
			});

			await().atMost(Duration.ofSeconds(5)).until(() -> unretrieved(engine).size() == 2);
			assertThat(unretrieved(engine))
				.allSatisfy((lost) -> assertThat(lost.exception()).endsWith("decorator broke"));
			await().atMost(Duration.ofSeconds(5)).until(() -> stats(engine, executorName(type)).failed() == 2);
			unbroken(executor);
			String thread = executor.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
			if (type == DebugEventLoop.class) {
				assertThat(thread).isEqualTo("asyncloop-loop-1"); // not a new thread replacing a dead one
			}
		});
	}

	private static AsyncTaskExecutor broken(AsyncTaskExecutor executor) {
		decorate(executor, BROKEN);
		return executor;
	}

	private static void unbroken(AsyncTaskExecutor executor) {
		decorate(executor, null);
	}

	private static void decorate(AsyncTaskExecutor executor, TaskDecorator decorator) {
		if (executor instanceof DebugEventLoop loop) {
			loop.setTaskDecorator(decorator);
		}
		else {
			((WorkerExecutor) executor).setTaskDecorator(decorator);
		}
	}

	private static String executorName(Class<?> type) {
		return (type == DebugEventLoop.class) ? "loop" : "worker";
	}

}
