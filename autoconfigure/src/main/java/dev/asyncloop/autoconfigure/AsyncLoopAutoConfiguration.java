package dev.asyncloop.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.asyncloop.core.ApplicationCode;
import dev.asyncloop.core.AsyncLoopEngine;

/**
 * asyncloop's engine, and the debug event loop and worker executor as the
 * application's {@code taskScheduler} and {@code applicationTaskExecutor}. Runs before
 * Spring Boot's task auto-configurations, which back off from what it defines; it
 * backs off in turn from executors the application defines, and instruments them.
 */
@AutoConfiguration(before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "asyncloop.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AsyncLoopProperties.class)
@Import({ AsyncLoopSchedulingConfigurations.WorkerExecutorConfiguration.class,
		AsyncLoopSchedulingConfigurations.DebugEventLoopConfiguration.class,
		AsyncLoopSchedulingConfigurations.ExecutorInstrumentationConfiguration.class,
		AsyncLoopSchedulingConfigurations.AsyncTaskNamingConfiguration.class })
public final class AsyncLoopAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AsyncLoopEngine asyncLoopEngine(AsyncLoopProperties properties, Environment environment, BeanFactory beanFactory) {
		Binder binder = Binder.get(environment);
		properties.validate((property) -> binder.bind(property, String.class).orElse(null));
		AsyncLoopEngine engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults()
			.withDebug(properties.isDebug())
			.withSlowCallbackDuration(properties.getSlowCallbackDuration())
			.withJournalSize(properties.getJournalSize())
			.withLogInterval(properties.getLogInterval())
			.withUnretrievedGrace(properties.getUnretrievedExceptions().getGrace())
			.withLoggers(new CommonsLoggingLoggers())
			.withApplicationCode(applicationCode(beanFactory)));
		engine.setStrict(properties.isStrict());
		engine.start();
		return engine;
	}

	/**
	 * The application's packages, as Spring Boot knows them from
	 * {@code @SpringBootApplication}: their frames name tasks and start creation stacks.
	 */
	static ApplicationCode applicationCode(BeanFactory beanFactory) {
		return AutoConfigurationPackages.has(beanFactory)
				? ApplicationCode.inPackages(AutoConfigurationPackages.get(beanFactory)) : ApplicationCode.unknown();
	}

}
