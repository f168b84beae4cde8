package dev.asyncloop.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingListener;

/**
 * asyncloop's engine, and the debug event loop and worker executor as the
 * application's {@code taskScheduler} and {@code applicationTaskExecutor}. Runs before
 * Spring Boot's task auto-configurations, which back off from what it defines; it
 * backs off in turn from executors the application defines, and instruments them.
 */
@AutoConfiguration(before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@Conditional(AsyncLoopEnabledCondition.class)
@EnableConfigurationProperties(AsyncLoopProperties.class)
@Import({ AsyncLoopSchedulingConfigurations.WorkerExecutorConfiguration.class,
		AsyncLoopSchedulingConfigurations.DebugEventLoopConfiguration.class,
		AsyncLoopSchedulingConfigurations.ExecutorInstrumentationConfiguration.class,
		AsyncLoopSchedulingConfigurations.AsyncTaskNamingConfiguration.class })
public final class AsyncLoopAutoConfiguration {

	/**
	 * Checks each value as {@link AsyncLoopProperties} is bound, so that a bad one stops
	 * startup naming the property and what it allows.
	 */
	@Bean
	static AsyncLoopPropertiesValidator asyncLoopPropertiesValidator() {
		return new AsyncLoopPropertiesValidator();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Engine asyncLoopEngine(AsyncLoopProperties properties, BeanFactory beanFactory,
			ObjectProvider<FindingListener> listeners, ObjectProvider<AsyncLoopEngineCustomizer> customizers) {
		return AsyncLoopEngineFactory.create(properties, beanFactory, listeners.orderedStream().toList(),
				customizers.orderedStream().toList());
	}

	/**
	 * The startup grace period lasts until {@code asyncloop.startup-grace} after the
	 * application is ready: the first requests are warm-up too.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> asyncLoopStartupGrace(Engine engine,
			AsyncLoopProperties properties) {
		return (event) -> engine.settings().extendStartupGrace(properties.getStartupGrace());
	}

}
