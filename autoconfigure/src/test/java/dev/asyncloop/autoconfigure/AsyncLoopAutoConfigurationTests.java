package dev.asyncloop.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.VirtualWorkerExecutor;
import dev.asyncloop.scheduling.WorkerExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How asyncloop takes the place of Spring Boot's task scheduler and executor, and
 * how it steps aside for the application's own.
 */
class AsyncLoopAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

	@Test
	void loopIsTheTaskSchedulerAndWorkerTheApplicationTaskExecutor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Engine.class);
			assertThat(context.getBean("taskScheduler")).isInstanceOf(DebugEventLoop.class);
			assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(WorkerExecutor.class);
			assertThat(context.getBean(Engine.class).executors()).extracting(ExecutorSnapshot::name,
					ExecutorSnapshot::kind)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("worker", ExecutorKind.BLOCKING),
						org.assertj.core.groups.Tuple.tuple("loop", ExecutorKind.NON_BLOCKING));
		});
	}

	@Test
	void findingListenerBeansReceiveFindingsAndCustomizersShapeTheEngine() {
		java.util.List<dev.asyncloop.core.Finding> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.runner.withBean(dev.asyncloop.core.FindingListener.class, () -> received::add)
			.withBean(AsyncLoopEngineCustomizer.class, () -> (engine) -> engine.settings().setStrict(true))
			.run((context) -> {
				Engine engine = context.getBean(Engine.class);
				assertThat(engine.settings().isStrict()).isTrue();
				dev.asyncloop.core.NeverAwaited finding = new dev.asyncloop.core.NeverAwaited("OrderService.save", "Mono",
						java.util.List.of(), java.time.Instant.now(), null, null);
				engine.findings().record(finding);
				// Listeners are told on threads of their own; settling waits for them.
				engine.settle(java.time.Duration.ofSeconds(5));
				assertThat(received).containsExactly(finding);
			});
	}

	@Test
	void noLoopWithoutSchedulingAsSpringBootDefinesNoScheduler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(DebugEventLoop.class).doesNotHaveBean("taskScheduler");
				assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(WorkerExecutor.class);
			});
	}

	@Test
	void asyncMethodsStayOnTheApplicationsOnlyExecutorWhenItDoesNotSchedule() {
		// As the @Async guide with its executor renamed: a second TaskExecutor bean (a
		// scheduler nobody asked for) would send @Async to a thread per task instead.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(UserExecutorConfiguration.class, AsyncConfiguration.class)
			.run((context) -> assertThat(context.getBean(AsyncService.class).threadName().get(5, TimeUnit.SECONDS))
				.startsWith("myExecutor-"));
	}

	@Test
	void loopThreadsAreNamedAndSizedByAsyncLoop() {
		this.runner.withPropertyValues("asyncloop.loop.threads=2").run((context) -> {
			DebugEventLoop loop = context.getBean(DebugEventLoop.class);
			assertThat(loop.getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(2);
			CompletableFuture<String> thread = new CompletableFuture<>();
			loop.execute(() -> thread.complete(Thread.currentThread().getName()));
			assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("asyncloop-loop-");
		});
	}

	@Test
	void springBootTaskSettingsStillApply() {
		this.runner
			.withPropertyValues("spring.task.scheduling.pool.size=3", "spring.task.scheduling.thread-name-prefix=tick-",
					"spring.task.execution.pool.core-size=2", "spring.task.execution.thread-name-prefix=work-")
			.run((context) -> {
				DebugEventLoop loop = context.getBean(DebugEventLoop.class);
				WorkerExecutor worker = context.getBean(WorkerExecutor.class);
				assertThat(loop.getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(3);
				assertThat(loop.getThreadNamePrefix()).isEqualTo("tick-");
				assertThat(worker.getCorePoolSize()).isEqualTo(2);
				assertThat(worker.getThreadNamePrefix()).isEqualTo("work-");
			});
	}

	@Test
	void userTaskDecoratorRunsInsideTheTracking() {
		this.runner.withUserConfiguration(DecoratorConfiguration.class).run((context) -> {
			CompletableFuture<String> seen = new CompletableFuture<>();
			context.getBean(WorkerExecutor.class).execute(() -> seen.complete(DecoratorConfiguration.CONTEXT.get()));
			assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("decorated");
			await().until(() -> worker(context.getBean(Engine.class)).completed() == 1);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesATaskSchedulerAndInstrumentsIt() {
		this.runner.withUserConfiguration(UserSchedulerConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(DebugEventLoop.class);
			assertThat(context.getBean(TaskScheduler.class)).isSameAs(context.getBean("myScheduler"));
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			scheduler.execute(() -> {
			});
			Engine engine = context.getBean(Engine.class);
			await().until(() -> snapshot(engine, "myScheduler").completed() == 1);
			assertThat(snapshot(engine, "myScheduler").kind()).isEqualTo(ExecutorKind.NON_BLOCKING);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesAnExecutorAndInstrumentsIt() {
		this.runner.withUserConfiguration(UserExecutorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(WorkerExecutor.class);
			assertThat(context).hasSingleBean(DebugEventLoop.class);
			ThreadPoolTaskExecutor executor = context.getBean("myExecutor", ThreadPoolTaskExecutor.class);
			CompletableFuture<String> seen = new CompletableFuture<>();
			executor.execute(() -> seen.complete(DecoratorConfiguration.CONTEXT.get()));
			assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("mine");
			Engine engine = context.getBean(Engine.class);
			await().until(() -> snapshot(engine, "myExecutor").completed() == 1);
			assertThat(snapshot(engine, "myExecutor").kind()).isEqualTo(ExecutorKind.BLOCKING);
		});
	}

	@Test
	void instrumentsAConcurrentTaskExecutorThroughItsTaskDecorator() {
		this.runner.withUserConfiguration(ConcurrentExecutorConfiguration.class).run((context) -> {
			CompletableFuture<String> seen = new CompletableFuture<>();
			context.getBean(ConcurrentTaskExecutor.class)
				.execute(() -> seen.complete(DecoratorConfiguration.CONTEXT.get()));
			assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("mine");
			Engine engine = context.getBean(Engine.class);
			await().until(() -> snapshot(engine, "concurrentExecutor").completed() == 1);
			assertThat(snapshot(engine, "concurrentExecutor").kind()).isEqualTo(ExecutorKind.BLOCKING);
		});
	}

	@Test
	void forceModeKeepsTheWorkerBesideTheApplicationsExecutor() {
		this.runner.withUserConfiguration(UserExecutorConfiguration.class)
			.withPropertyValues("spring.task.execution.mode=force", "spring.task.execution.pool.core-size=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(WorkerExecutor.class);
				assertThat(context.getBean(WorkerExecutor.class).getCorePoolSize()).isEqualTo(3);
				assertThat(context.getBean("myExecutor")).isExactlyInstanceOf(ThreadPoolTaskExecutor.class);
				assertThat(context.getBean(Engine.class).executors()).extracting(ExecutorSnapshot::name)
					.contains("worker", "myExecutor");
			});
	}

	@Test
	void forceModeWithoutAnApplicationExecutorUsesTheWorker() {
		this.runner.withPropertyValues("spring.task.execution.mode=force").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(WorkerExecutor.class);
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void forceModeOnVirtualThreadsKeepsTheVirtualWorker() {
		this.runner.withUserConfiguration(UserExecutorConfiguration.class)
			.withPropertyValues("spring.task.execution.mode=force", "spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context.getBean("applicationTaskExecutor"))
				.isInstanceOf(VirtualWorkerExecutor.class));
	}

	@Test
	void disabledInstallsNothing() {
		this.runner.withPropertyValues("asyncloop.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(Engine.class);
			assertThat(context).doesNotHaveBean(DebugEventLoop.class);
			assertThat(context).doesNotHaveBean(WorkerExecutor.class);
			assertThat(context.getBean("applicationTaskExecutor")).isExactlyInstanceOf(ThreadPoolTaskExecutor.class);
		});
	}

	@Test
	void asyncMethodsOnTheApplicationsOwnExecutorAreNamedAfterTheMethod() {
		this.runner.withUserConfiguration(UserExecutorConfiguration.class, AsyncConfiguration.class).run((context) -> {
			LookupService service = context.getBean(LookupService.class);
			assertThat(service.threadName().get(5, TimeUnit.SECONDS)).startsWith("myExecutor-");
			assertThat(service.runningTaskName().get(5, TimeUnit.SECONDS))
				.isEqualTo("AsyncLoopAutoConfigurationTests$LookupService.runningTaskName");
		});
	}

	@Test
	void asyncMethodsRunOnTheWorkerNamedAfterTheMethod() {
		this.runner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			assertThat(service.threadName().get(5, TimeUnit.SECONDS)).startsWith("asyncloop-worker-");
			assertThat(service.runningTaskName().get(5, TimeUnit.SECONDS)).isEqualTo("AsyncLoopAutoConfigurationTests$AsyncService.runningTaskName");
		});
	}

	@Test
	void engineIsClosedWithTheContext() {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			assertThat(engine.isWatching()).isTrue();
			context.close();
			assertThat(engine.isClosed()).isTrue();
			assertThat(engine.isWatching()).isFalse();
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void workerRunsOnVirtualThreadsWhenSpringBootDoes() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			VirtualWorkerExecutor worker = context.getBean(VirtualWorkerExecutor.class);
			CompletableFuture<Boolean> virtual = new CompletableFuture<>();
			worker.execute(() -> virtual.complete(isVirtual(Thread.currentThread())));
			assertThat(virtual.get(5, TimeUnit.SECONDS)).isTrue();
			Engine engine = context.getBean(Engine.class);
			await().until(() -> worker(engine).completed() == 1);
			assertThat(context.getBean("taskScheduler")).isInstanceOf(DebugEventLoop.class);
		});
	}

	/** Thread.isVirtual() exists from Java 21 on; this code compiles for Java 17. */
	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	private static ExecutorSnapshot worker(Engine engine) {
		return snapshot(engine, "worker");
	}

	private static ExecutorSnapshot snapshot(Engine engine, String name) {
		return engine.executors().stream().filter((executor) -> executor.name().equals(name)).findFirst().orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class DecoratorConfiguration {

		static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

		@Bean
		TaskDecorator contextDecorator() {
			return (runnable) -> () -> {
				CONTEXT.set("decorated");
				try {
					runnable.run();
				}
				finally {
					CONTEXT.remove();
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler myScheduler() {
			return new ThreadPoolTaskScheduler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor myExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setTaskDecorator(mine());
			return executor;
		}

		static TaskDecorator mine() {
			return (runnable) -> () -> {
				DecoratorConfiguration.CONTEXT.set("mine");
				try {
					runnable.run();
				}
				finally {
					DecoratorConfiguration.CONTEXT.remove();
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentExecutorConfiguration {

		@Bean
		ConcurrentTaskExecutor concurrentExecutor() {
			ConcurrentTaskExecutor executor = new ConcurrentTaskExecutor(ForkJoinPool.commonPool());
			executor.setTaskDecorator(UserExecutorConfiguration.mine());
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		AsyncService asyncService(org.springframework.beans.factory.ObjectProvider<Engine> engine) {
			return new AsyncService(engine);
		}

		@Bean
		LookupService lookupService(org.springframework.beans.factory.ObjectProvider<Engine> engine) {
			return new LookupService(engine);
		}

	}

	static class AsyncService {

		private final org.springframework.beans.factory.ObjectProvider<Engine> engine;

		AsyncService(org.springframework.beans.factory.ObjectProvider<Engine> engine) {
			this.engine = engine;
		}

		@Async
		CompletableFuture<String> threadName() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		@Async
		CompletableFuture<String> runningTaskName() {
			return CompletableFuture.completedFuture(this.engine.getObject().tracking().threads().currentTask().name());
		}

	}

	/**
	 * As the {@code @Async} guide's lookup service: its methods run on an executor of
	 * the application's own, named.
	 */
	static class LookupService {

		private final org.springframework.beans.factory.ObjectProvider<Engine> engine;

		LookupService(org.springframework.beans.factory.ObjectProvider<Engine> engine) {
			this.engine = engine;
		}

		@Async("myExecutor")
		CompletableFuture<String> threadName() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		@Async("myExecutor")
		CompletableFuture<String> runningTaskName() {
			return CompletableFuture.completedFuture(this.engine.getObject().tracking().threads().currentTask().name());
		}

	}

}
