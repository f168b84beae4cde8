package dev.asyncloop.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.core.AsyncLoopEngine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad values stop startup with a message naming the property, its value and what is
 * allowed; nothing starts half-configured.
 */
class AsyncLoopPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class));

	@ParameterizedTest
	@CsvSource({ "asyncloop.slow-callback-duration, -5ms", "asyncloop.slow-callback-duration, 0ms",
			"asyncloop.worker.long-task-duration, -1s", "asyncloop.log-interval, 0s", "asyncloop.journal-size, 0",
			"asyncloop.loop.threads, 0", "asyncloop.startup-grace, -1s", "asyncloop.dashboard.path, /",
			"asyncloop.dashboard.path, asyncloop", "asyncloop.slow-callback-duration, 99999999999d",
			"asyncloop.worker.long-task-duration, 106752d", "asyncloop.log-interval, 99999999999d",
			"asyncloop.unretrieved-exceptions.grace, 99999999999d", "asyncloop.health.stall-duration, 99999999999d",
			"asyncloop.blocking.threshold, 99999999999d", "asyncloop.startup-grace, 99999999999d" })
	void badValueStopsStartupNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAsyncLoopPropertyException.class)
				.hasMessageContaining(property)
				.hasMessageContaining("'" + value + "'");
			assertThat(context).getFailure().isNotNull();
		});
	}

	@Test
	void failureAnalysisNamesPropertyValueAndAllowedRange() {
		this.runner.withPropertyValues("asyncloop.slow-callback-duration=-5ms").run((context) -> {
			Throwable failure = context.getStartupFailure();
			InvalidAsyncLoopPropertyException cause = (InvalidAsyncLoopPropertyException) rootCause(failure);
			FailureAnalysis analysis = new AsyncLoopPropertiesFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("asyncloop.slow-callback-duration").contains("-5ms");
			assertThat(analysis.getAction()).contains("asyncloop.slow-callback-duration")
				.contains("a positive duration");
			assertThat(cause.getProperty()).isEqualTo("asyncloop.slow-callback-duration");
		});
	}

	@Test
	void unknownValueOfAnEnumOrNumberIsRejectedByBinding() {
		this.runner.withPropertyValues("asyncloop.journal-size=many").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("asyncloop.journal-size");
		});
	}

	@Test
	void goodValuesStart() {
		this.runner.withPropertyValues("asyncloop.slow-callback-duration=250ms", "asyncloop.journal-size=16")
			.run((context) -> {
				AsyncLoopEngine engine = context.getBean(AsyncLoopEngine.class);
				assertThat(engine.slowCallbackDuration()).hasMillis(250);
				assertThat(engine.findings().journalSize()).isEqualTo(16);
			});
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
