package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.PeriodicTrigger;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.internal.Engine;

import static dev.asyncloop.scheduling.EngineReports.stats;
import static dev.asyncloop.scheduling.EngineReports.unretrieved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A task failing on the debug event loop is logged once, in asyncloop's words, instead
 * of once by Spring's default error handler and once more by asyncloop. Repeating tasks
 * still run again after a failure, and an application's own error handler still gets
 * every failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoopFailureLogTests {

	private static final String SPRING_LOG_LINE = "Unexpected error occurred in scheduled task";

	private static final String ASYNCLOOP_LOG_LINE = "Task exception was never retrieved";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.unretrieved-exceptions.grace=100ms");

	@Test
	void taskFailingOnTheLoopIsLoggedOnce(CapturedOutput output) {
		this.runner.run((context) -> {
			context.getBean(DebugEventLoop.class).execute(() -> {
				throw new IllegalStateException("failed on the loop");
			});

			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(ASYNCLOOP_LOG_LINE));
			assertThat(occurrences(output.getOut(), "failed on the loop")).isOne();
			assertThat(output.getOut()).doesNotContain(SPRING_LOG_LINE);
			assertThat(unretrieved(context.getBean(Engine.class))).singleElement()
				.satisfies((lost) -> assertThat(lost.exception()).endsWith("failed on the loop"));
		});
	}

	@Test
	void oneFailingTaskIsCountedOnceAndTheGoodOnesAfterItAsCompleted() {
		this.runner.run((context) -> {
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			Engine engine = context.getBean(Engine.class);
			loop.execute(() -> {
				throw new IllegalStateException("failed on the loop");
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> loopStatsFailed(engine) == 1);
			long completedBefore = stats(engine, "loop").completed();
			loop.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			loop.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> stats(engine, "loop").completed() == completedBefore + 2);
			assertThat(loopStatsFailed(engine)).isOne();
		});
	}

	@Test
	void scheduledMethodFailingIsLoggedOnceAndCountedAsFailed(CapturedOutput output) {
		this.runner.withUserConfiguration(FailingJobConfiguration.class).run((context) -> {
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(ASYNCLOOP_LOG_LINE));
			assertThat(occurrences(output.getOut(), "failed in a scheduled method")).isOne();
			assertThat(output.getOut()).doesNotContain(SPRING_LOG_LINE)
				.contains("task: LoopFailureLogTests$FailingJob.run on loop");
			assertThat(loopStatsFailed(context.getBean(Engine.class))).isOne();
		});
	}

	@Test
	void periodicAndTriggerTasksRunAgainAfterAFailure() {
		this.runner.run((context) -> {
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			AtomicInteger periodicRuns = new AtomicInteger();
			AtomicInteger triggerRuns = new AtomicInteger();
			loop.scheduleWithFixedDelay(() -> failWith(periodicRuns), Duration.ofMillis(10));
			loop.schedule(() -> failWith(triggerRuns), new PeriodicTrigger(Duration.ofMillis(10)));

			await().atMost(Duration.ofSeconds(5)).until(() -> periodicRuns.get() >= 3 && triggerRuns.get() >= 3);
			Engine engine = context.getBean(Engine.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> loopStatsFailed(engine) >= 6);
			await().atMost(Duration.ofSeconds(5)).until(() -> unretrieved(engine).size() >= 6);
		});
	}

	@Test
	void applicationErrorHandlerGetsEveryFailureInstead(CapturedOutput output) {
		List<Throwable> handled = new CopyOnWriteArrayList<>();
		this.runner.withBean(ThreadPoolTaskSchedulerCustomizer.class,
				() -> (scheduler) -> scheduler.setErrorHandler(handled::add))
			.run((context) -> {
				DebugEventLoop loop = context.getBean(DebugEventLoop.class);
				AtomicInteger periodicRuns = new AtomicInteger();
				loop.execute(() -> {
					throw new IllegalStateException("handled by the application");
				});
				loop.scheduleAtFixedRate(() -> failWith(periodicRuns), Duration.ofMillis(10));
				// The handler swallows the failure, so the one-time task's future succeeds.
				assertThat(loop.submit(() -> {
					throw new IllegalStateException("swallowed by the application");
				}).get(5, TimeUnit.SECONDS)).isNull();

				await().atMost(Duration.ofSeconds(5)).until(() -> periodicRuns.get() >= 2);
				assertThat(handled).extracting(Throwable::getMessage)
					.contains("handled by the application", "swallowed by the application", "periodic run 1");
				Engine engine = context.getBean(Engine.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> loopStatsFailed(engine) >= 4);
				// What the application handled is not asyncloop's to report.
				assertThat(unretrieved(engine)).isEmpty();
				assertThat(output.getOut()).doesNotContain(SPRING_LOG_LINE);
			});
	}

	private static void failWith(AtomicInteger runs) {
		throw new IllegalStateException("periodic run " + runs.incrementAndGet());
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	private static long loopStatsFailed(Engine engine) {
		return stats(engine, "loop").failed();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class FailingJobConfiguration {

		@Bean
		FailingJob failingJob() {
			return new FailingJob();
		}

	}

	static class FailingJob {

		@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.HOURS)
		void run() {
			throw new IllegalStateException("failed in a scheduled method");
		}

	}

}
