package dev.asyncloop.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.asyncloop.core.internal.Engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad values stop startup with a message naming the property, its value and what is
 * allowed; nothing starts half-configured, and nothing is switched off by a value
 * asyncloop cannot read.
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
			"asyncloop.blocking.threshold, 99999999999d", "asyncloop.startup-grace, 99999999999d",
			"asyncloop.journal-size, 10001", "asyncloop.loop.threads, 257" })
	void badValueStopsStartupNamingTheProperty(String property, String value) {
		assertStartupFails(property, value, "must be ");
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

	@ParameterizedTest
	@MethodSource("booleanProperties")
	void booleanPropertyOtherThanTrueOrFalseStopsStartup(String property) {
		// Spring's conditions take all of these for false, binding takes 'on' and '1' for true.
		for (String value : List.of("maybe", "on", "1", "")) {
			assertStartupFails(property, value, "true or false");
		}
		for (String value : List.of("true", "FALSE")) {
			this.runner.withPropertyValues(property + "=" + value)
				.run((context) -> assertThat(context).as(property + "=" + value).hasNotFailed());
		}
	}

	@ParameterizedTest
	@MethodSource("wholeNumberProperties")
	void wholeNumberPropertyOutsideItsRangeStopsStartupNamingTheRange(String property) {
		for (String value : List.of("many", "0", "-1", "2147483647", "99999999999")) {
			assertStartupFails(property, value, "a whole number from 1 to ");
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void applicationThatFailsToStartReportsThePropertyAndWhatIsAllowed(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		assertThatException()
			.isThrownBy(() -> application.run("--spring.main.web-application-type=none", "--asyncloop.journal-size=0"));
		assertThat(output).contains("Invalid value '0' for property 'asyncloop.journal-size'")
			.contains("Set 'asyncloop.journal-size' to a whole number from 1 to " + AsyncLoopProperties.MAX_JOURNAL_SIZE);
	}

	@Test
	void asyncloopSwitchedOffByAnUnreadableValueIsAFailureAnalysis() {
		this.runner.withPropertyValues("asyncloop.enabled=maybe").run((context) -> {
			FailureAnalysis analysis = new AsyncLoopPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'maybe'").contains("'asyncloop.enabled'");
			assertThat(analysis.getAction()).contains("Set 'asyncloop.enabled' to true or false");
		});
	}

	@Test
	void largestJournalAndLoopStart() {
		this.runner
			.withPropertyValues("asyncloop.journal-size=" + AsyncLoopProperties.MAX_JOURNAL_SIZE,
					"asyncloop.loop.threads=" + AsyncLoopProperties.MAX_LOOP_THREADS)
			.run((context) -> assertThat(context.getBean(Engine.class).findings().journalSize())
				.isEqualTo(AsyncLoopProperties.MAX_JOURNAL_SIZE));
	}

	@Test
	void asyncloopSwitchedOffValidatesNothingElse() {
		this.runner.withPropertyValues("asyncloop.enabled=false", "asyncloop.journal-size=0")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Engine.class));
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
				Engine engine = context.getBean(Engine.class);
				assertThat(engine.settings().slowCallbackDuration()).hasMillis(250);
				assertThat(engine.findings().journalSize()).isEqualTo(16);
			});
	}

	/**
	 * Startup with {@code property=value} fails naming both and what is allowed.
	 */
	private void assertStartupFails(String property, String value, String allowed) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).as(property + "=" + value).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAsyncLoopPropertyException.class)
				.hasMessageContaining("'" + property + "'")
				.hasMessageContaining("'" + value + "'")
				.hasMessageContaining(allowed);
		});
	}

	static Stream<String> booleanProperties() throws IOException {
		return asyncloopProperties("java.lang.Boolean");
	}

	static Stream<String> wholeNumberProperties() throws IOException {
		return asyncloopProperties("java.lang.Integer");
	}

	/**
	 * Every asyncloop property of {@code type}, from the metadata the configuration
	 * processor generates: a property added later is checked without a change here.
	 */
	private static Stream<String> asyncloopProperties(String type) throws IOException {
		List<String> names = new ArrayList<>();
		Enumeration<URL> files = AsyncLoopPropertiesValidationTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		for (URL file : Collections.list(files)) {
			try (InputStream in = file.openStream()) {
				for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("asyncloop.") && type.equals(property.path("type").asString())) {
						names.add(name);
					}
				}
			}
		}
		return names.stream().sorted();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AsyncLoopAutoConfiguration.class)
	static class MinimalApplication {

	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
