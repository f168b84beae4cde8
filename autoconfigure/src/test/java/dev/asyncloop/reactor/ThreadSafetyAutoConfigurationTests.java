package dev.asyncloop.reactor;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopReactorAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thread-safety checks as an application gets them: on in debug mode, declined
 * with a property, and gone when the context closes.
 */
class ThreadSafetyAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncLoopAutoConfiguration.class, AsyncLoopReactorAutoConfiguration.class));

	@Test
	void debugModeChecksSinksUntilTheContextCloses() {
		this.runner.withPropertyValues("asyncloop.debug=true").run((context) -> {
			assertThat(context.getBean(ThreadSafetyWatch.class).isChecking()).isTrue();
			assertThat(Sinks.unsafe().many().multicast().directBestEffort())
				.isInstanceOf(CheckedSinks.CheckedMany.class);
		});
		assertThat(Sinks.unsafe().many().multicast().directBestEffort().getClass().getName()).startsWith("reactor.");
	}

	@Test
	void defaultModeChecksNothing() {
		this.runner.run((context) -> {
			assertThat(context.getBean(ThreadSafetyWatch.class).isChecking()).isFalse();
			assertThat(Sinks.unsafe().many().multicast().directBestEffort().getClass().getName())
				.startsWith("reactor.");
		});
	}

	@Test
	void checksCanBeDeclined() {
		this.runner.withPropertyValues("asyncloop.debug=true", "asyncloop.reactor.thread-safety=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ThreadSafetyWatch.class);
				assertThat(Sinks.unsafe().many().multicast().directBestEffort().getClass().getName())
					.startsWith("reactor.");
			});
	}

}
