package dev.asyncloop.autoconfigure;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.util.CustomizableThreadCreator;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.AsyncFailureRecorder;
import dev.asyncloop.scheduling.AsyncSubmissions;
import dev.asyncloop.scheduling.AsyncTaskNamingPostProcessor;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.ExecutorInstrumentingPostProcessor;
import dev.asyncloop.scheduling.VirtualWorkerExecutor;
import dev.asyncloop.scheduling.WorkerExecutor;

/**
 * The scheduling beans of {@link AsyncLoopAutoConfiguration}, imported in this
 * order: the worker first, so that its "no executor yet" condition only sees the
 * application's own executors.
 */
final class AsyncLoopSchedulingConfigurations {

	static final String LOOP_NAME = "loop";

	static final String WORKER_NAME = "worker";

	/** Spring Boot's {@code auto} or {@code force}: whether it keeps its executor beside the application's. */
	static final String EXECUTION_MODE = "spring.task.execution.mode";

	private AsyncLoopSchedulingConfigurations() {
	}

	/**
	 * Names the threads of {@code executor}, which Spring Boot's builder configured,
	 * {@code asyncloop-<name>-N}: the builder set its own default prefix, which only a
	 * prefix the user set for Spring Boot's executor ({@code prefixProperty}) wins over.
	 */
	private static <E extends CustomizableThreadCreator> E withThreadNames(E executor, String name,
			Environment environment, String prefixProperty) {
		if (!Binder.get(environment).bind(prefixProperty, String.class).isBound()) {
			executor.setThreadNamePrefix("asyncloop-" + name + "-");
		}
		return executor;
	}

	/**
	 * The worker, where Spring Boot would define {@code applicationTaskExecutor}. In
	 * {@code force} mode Spring Boot defines its own beside the application's executors,
	 * under the same name: the two definitions would clash, so the worker takes the place
	 * of Spring Boot's definition instead of adding one (see {@link ForcedWorkerDefinition}),
	 * built by these same methods.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(ApplicationTaskExecutorCondition.class)
	@Import({ AsyncConfigurerWrapperConfiguration.class, AsyncConfigurerConfiguration.class })
	static class WorkerExecutorConfiguration {

		static final String PLATFORM_WORKER_METHOD = "applicationTaskExecutor";

		static final String VIRTUAL_WORKER_METHOD = "applicationTaskExecutorVirtualThreads";

		static final String EXECUTION_THREAD_NAME_PREFIX = "spring.task.execution.thread-name-prefix";

		@Bean
		@ConditionalOnProperty(name = EXECUTION_MODE, havingValue = "force")
		static ForcedWorkerDefinition asyncLoopForcedWorkerDefinition() {
			return new ForcedWorkerDefinition(WorkerExecutorConfiguration.class, PLATFORM_WORKER_METHOD,
					VIRTUAL_WORKER_METHOD);
		}

		@Bean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
		@ConditionalOnThreading(Threading.PLATFORM)
		@ConditionalOnProperty(name = EXECUTION_MODE, havingValue = "auto", matchIfMissing = true)
		WorkerExecutor applicationTaskExecutor(Engine engine, AsyncLoopProperties properties,
				ObjectProvider<ThreadPoolTaskExecutorBuilder> builder, Environment environment) {
			WorkerExecutor worker = builder.getIfAvailable(ThreadPoolTaskExecutorBuilder::new)
				.configure(new WorkerExecutor(engine, WORKER_NAME, properties.getWorker().getLongTaskDuration()));
			return withThreadNames(worker, WORKER_NAME, environment, EXECUTION_THREAD_NAME_PREFIX);
		}

		@Bean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
		@ConditionalOnThreading(Threading.VIRTUAL)
		@ConditionalOnProperty(name = EXECUTION_MODE, havingValue = "auto", matchIfMissing = true)
		VirtualWorkerExecutor applicationTaskExecutorVirtualThreads(Engine engine,
				AsyncLoopProperties properties, ObjectProvider<SimpleAsyncTaskExecutorBuilder> builder,
				Environment environment) {
			VirtualWorkerExecutor worker = builder.getIfAvailable(() -> new SimpleAsyncTaskExecutorBuilder()
				.virtualThreads(true))
				.configure(new VirtualWorkerExecutor(engine, WORKER_NAME,
						properties.getWorker().getLongTaskDuration()));
			return withThreadNames(worker, WORKER_NAME, environment, EXECUTION_THREAD_NAME_PREFIX);
		}

	}

	/**
	 * Where Spring Boot would define its {@code taskScheduler}: the application uses
	 * {@code @EnableScheduling} and has no scheduler of its own. Defining one anyway
	 * would give an application a second {@code TaskExecutor} bean, and Spring's
	 * {@code @Async} would then fall back to a thread per task.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(name = "org.springframework.scheduling.config.internalScheduledAnnotationProcessor")
	@ConditionalOnMissingBean({ TaskScheduler.class, ScheduledExecutorService.class })
	static class DebugEventLoopConfiguration {

		@Bean
		DebugEventLoop taskScheduler(Engine engine, AsyncLoopProperties properties,
				ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder, Environment environment) {
			DebugEventLoop loop = builder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new)
				.configure(new DebugEventLoop(engine, LOOP_NAME));
			Integer threads = properties.getLoop().getThreads();
			if (threads != null) {
				loop.setPoolSize(threads);
			}
			return withThreadNames(loop, LOOP_NAME, environment, "spring.task.scheduling.thread-name-prefix");
		}

	}

	/**
	 * Instruments the application's executor beans, those asyncloop.executors allows.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ExecutorInstrumentationConfiguration {

		@Bean
		static ExecutorInstrumentingPostProcessor asyncLoopExecutorInstrumentingPostProcessor(
				ObjectProvider<Engine> engine, ObjectProvider<AsyncLoopProperties> properties) {
			return new ExecutorInstrumentingPostProcessor(engine::getObject,
					() -> properties.getObject().getWorker().getLongTaskDuration(), (beanName) -> {
						AsyncLoopProperties.Executors executors = properties.getObject().getExecutors();
						return executors.isInstrument() && !executors.getExclude().contains(beanName);
					});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(name = TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)
	static class AsyncTaskNamingConfiguration {

		@Bean
		static AsyncTaskNamingPostProcessor asyncLoopAsyncTaskNamingPostProcessor(
				ObjectProvider<Engine> engine) {
			return new AsyncTaskNamingPostProcessor(() -> engine.getObject().tracking().threads());
		}

		@Bean
		static AsyncSubmissions asyncLoopAsyncSubmissions() {
			return new AsyncSubmissions();
		}

	}

	/**
	 * {@code @Async} uses the worker when the application configures no executor of
	 * its own, as it would use Spring Boot's {@code applicationTaskExecutor}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(AsyncConfigurer.class)
	static class AsyncConfigurerConfiguration {

		@Bean
		WorkerAsyncConfigurer applicationTaskExecutorAsyncConfigurer(BeanFactory beanFactory) {
			return new WorkerAsyncConfigurer(beanFactory, null);
		}

	}

	/**
	 * An application's own {@link AsyncConfigurer} keeps its settings; where it names
	 * no executor, {@code @Async} uses the worker.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(AsyncConfigurer.class)
	static class AsyncConfigurerWrapperConfiguration {

		@Bean
		static BeanPostProcessor asyncLoopAsyncConfigurerPostProcessor(ObjectProvider<BeanFactory> beanFactory) {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof AsyncConfigurer configurer && !(bean instanceof WorkerAsyncConfigurer)) {
						return new WorkerAsyncConfigurer(beanFactory.getObject(), configurer);
					}
					return bean;
				}
			};
		}

	}

	static class WorkerAsyncConfigurer implements AsyncConfigurer {

		private final BeanFactory beanFactory;

		private final AsyncConfigurer delegate;

		WorkerAsyncConfigurer(BeanFactory beanFactory, AsyncConfigurer delegate) {
			this.beanFactory = beanFactory;
			this.delegate = delegate;
		}

		@Override
		public Executor getAsyncExecutor() {
			Executor executor = (this.delegate != null) ? this.delegate.getAsyncExecutor() : null;
			return (executor != null) ? executor : this.beanFactory
				.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME, Executor.class);
		}

		/**
		 * The application's handler (Spring's, which logs, by default), after asyncloop
		 * has recorded the failure.
		 */
		@Override
		public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
			AsyncUncaughtExceptionHandler handler = (this.delegate != null)
					? this.delegate.getAsyncUncaughtExceptionHandler() : null;
			return new AsyncFailureRecorder(() -> this.beanFactory.getBean(Engine.class),
					(handler != null) ? handler : new SimpleAsyncUncaughtExceptionHandler());
		}

	}

	/**
	 * Matches where Spring Boot would define {@code applicationTaskExecutor}: when the
	 * application defines no executor, or forces Spring Boot's
	 * ({@code spring.task.execution.mode=force}). The same test as Spring Boot's own.
	 */
	static class ApplicationTaskExecutorCondition extends AnyNestedCondition {

		ApplicationTaskExecutorCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnMissingBean(Executor.class)
		static class NoExecutorDefined {

		}

		@ConditionalOnProperty(name = EXECUTION_MODE, havingValue = "force")
		static class ExecutorForced {

		}

	}

}
