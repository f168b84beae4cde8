package dev.asyncloop.scheduling;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.LiveTask;
import dev.asyncloop.core.internal.TaskState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tasks Spring makes for the application's code are named after that code while they
 * still wait in a queue, not only once they run: an {@code @Async} method's task after
 * the method, a message channel's task after its handler and the message's destination.
 */
class SpringTaskNamesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class, AsyncConfiguration.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		// One worker thread: what is submitted while it is held waits in the queue.
		.withPropertyValues("spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1");

	@Test
	void queuedAsyncMethodsAreNamedAfterTheMethod() {
		this.runner.run((context) -> {
			Reports reports = context.getBean(Reports.class);
			Engine engine = context.getBean(Engine.class);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<String> holding = reports.hold(release);
			CompletableFuture<String> queued = reports.refresh();
			reports.forget();
			try {
				await().atMost(5, TimeUnit.SECONDS)
					.untilAsserted(() -> assertThat(queued(engine)).contains("SpringTaskNamesTests$Reports.refresh",
							"SpringTaskNamesTests$Reports.forget"));
			}
			finally {
				release.countDown();
			}
			assertThat(holding.get(5, TimeUnit.SECONDS)).isEqualTo("held");
			assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("refreshed");
		});
	}

	@Test
	void queuedAsyncMethodsOnTheApplicationsOwnExecutorAreNamedAfterTheMethod() {
		// Spring hands such a method to the executor inside the JDK's supplyAsync task.
		this.runner.withUserConfiguration(OwnExecutorConfiguration.class).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			Engine engine = context.getBean(Engine.class);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<String> holding = ledger.hold(release);
			CompletableFuture<String> queued = ledger.close();
			try {
				await().atMost(5, TimeUnit.SECONDS)
					.untilAsserted(() -> assertThat(queued(engine)).containsExactly("SpringTaskNamesTests$Ledger.close"));
			}
			finally {
				release.countDown();
			}
			assertThat(holding.get(5, TimeUnit.SECONDS)).isEqualTo("held");
			assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("closed");
		});
	}

	@Test
	void queuedMessagesAreNamedAfterTheirHandlerAndDestination() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			WorkerExecutor worker = context.getBean(WorkerExecutor.class);
			CountDownLatch release = new CountDownLatch(1);
			worker.execute(() -> waitFor(release));
			ExecutorSubscribableChannel inbound = new ExecutorSubscribableChannel(worker);
			inbound.subscribe(new GreetingHandler());
			SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create();
			headers.setDestination("/app/hello");
			Message<String> message = MessageBuilder.createMessage("Hi", headers.getMessageHeaders());
			inbound.send(message);
			try {
				await().atMost(5, TimeUnit.SECONDS)
					.untilAsserted(() -> assertThat(queued(engine))
						.contains("SpringTaskNamesTests$GreetingHandler /app/hello"));
			}
			finally {
				release.countDown();
			}
		});
	}

	private static List<String> queued(Engine engine) {
		return engine.liveTasks(false)
			.stream()
			.filter((task) -> task.state() == TaskState.QUEUED)
			.map(LiveTask::name)
			.toList();
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Reports reports() {
			return new Reports();
		}

	}

	static class Reports {

		@Async
		CompletableFuture<String> hold(CountDownLatch release) {
			waitFor(release);
			return CompletableFuture.completedFuture("held");
		}

		@Async
		CompletableFuture<String> refresh() {
			return CompletableFuture.completedFuture("refreshed");
		}

		@Async
		void forget() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor ledgerExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setThreadNamePrefix("ledger-");
			return executor;
		}

		@Bean
		Ledger ledger() {
			return new Ledger();
		}

	}

	static class Ledger {

		@Async("ledgerExecutor")
		CompletableFuture<String> hold(CountDownLatch release) {
			waitFor(release);
			return CompletableFuture.completedFuture("held");
		}

		@Async("ledgerExecutor")
		CompletableFuture<String> close() {
			return CompletableFuture.completedFuture("closed");
		}

	}

	static class GreetingHandler implements MessageHandler {

		@Override
		public void handleMessage(Message<?> message) {
		}

	}

}
