package dev.asyncloop.blocking;

import java.time.Duration;
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

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopBlockingAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.AsyncLoopViolationException;
import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code asyncloop.blocking.detector=blockhound}: BlockHound reports at the blocking
 * call itself, and in strict mode the call throws. Runs in a JVM of its own, started
 * with {@code -XX:+AllowRedefinitionToAddDeleteMethods}, since BlockHound cannot be
 * uninstalled.
 */
@ExtendWith(OutputCaptureExtension.class)
class BlockHoundDetectionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				AsyncLoopBlockingAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.debug=true", "asyncloop.blocking.detector=blockhound");

	@Test
	void sleepOnTheLoopIsReportedAtTheCall(CapturedOutput output) {
		this.runner.run((context) -> {
			context.getBean(DebugEventLoop.class).submit(() -> sleep(20)).get(5, TimeUnit.SECONDS);
			Engine engine = context.getBean(Engine.class);
			// Reported synchronously: no waiting for anything.
			assertThat(engine.findings().list(FindingKind.BLOCKING_CALL)).singleElement().satisfies((finding) -> {
				BlockingCall call = (BlockingCall) finding;
				assertThat(call.call()).startsWith("java.lang.Thread.sleep");
				assertThat(call.thread()).startsWith("asyncloop-loop-");
				assertThat(call.stack()).anyMatch((frame) -> frame.startsWith(BlockHoundDetectionTests.class.getName() + ".sleep("));
			});
			// Logged too, although BlockHound reports the call as it starts, with no duration yet.
			assertThat(output).contains("Blocking call java.lang.Thread.sleep").doesNotContain("failed while reporting");
		});
	}

	@Test
	void sleepOnTheWorkerIsFine() {
		this.runner.run((context) -> {
			context.getBean(WorkerExecutor.class).submit(() -> sleep(20)).get(5, TimeUnit.SECONDS);
			assertThat(context.getBean(Engine.class).findings().list(FindingKind.BLOCKING_CALL)).isEmpty();
		});
	}

	@Test
	void strictModeThrowsAtTheCall() {
		this.runner.withPropertyValues("asyncloop.strict=true").run((context) -> {
			Future<?> blocked = context.getBean(DebugEventLoop.class).submit(() -> sleep(20));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(AsyncLoopViolationException.class)
				.withMessageContaining("on non-blocking thread asyncloop-loop-");
		});
	}

	@Test
	void afterTheContextClosesNothingIsReportedOrThrown() {
		this.runner.withPropertyValues("asyncloop.strict=true").run((context) -> {
		});
		this.runner.withPropertyValues("asyncloop.blocking.detector=jfr").run((context) -> {
			Future<?> free = context.getBean(DebugEventLoop.class).submit(() -> sleep(20));
			free.get(5, TimeUnit.SECONDS);
			assertThat(Duration.ZERO).isZero();
		});
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
