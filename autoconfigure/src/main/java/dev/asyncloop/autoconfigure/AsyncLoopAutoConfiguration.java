package dev.asyncloop.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

import dev.asyncloop.core.ApplicationCode;
import dev.asyncloop.core.AsyncLoopEngine;

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

	private static final Log logger = LogFactory.getLog(AsyncLoopAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AsyncLoopEngine asyncLoopEngine(AsyncLoopProperties properties, BeanFactory beanFactory) {
		// Every value was checked by AsyncLoopEnabledCondition.
		AsyncLoopEngine engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults()
			.withDebug(properties.isDebug())
			.withSlowCallbackDuration(properties.getSlowCallbackDuration())
			.withJournalSize(properties.getJournalSize())
			.withLogInterval(properties.getLogInterval())
			.withUnretrievedGrace(properties.getUnretrievedExceptions().getGrace())
			.withLoggers(new CommonsLoggingLoggers())
			.withApplicationCode(applicationCode(beanFactory)));
		engine.setStrict(properties.isStrict());
		if (properties.getJfr().isEnabled() && ClassUtils.isPresent("jdk.jfr.FlightRecorder", null)) {
			JfrEvents.addTo(engine);
		}
		if (properties.isSuppressWhenDebugging() && DebuggerAgent.isPresent()) {
			engine.setTimingSuppressed(true);
			logger.info("asyncloop does not report slow callbacks and stalls: this JVM runs with a debugger agent, "
					+ "and a thread held at a breakpoint looks stuck. Set asyncloop.suppress-when-debugging=false "
					+ "to report them anyway.");
		}
		engine.extendStartupGrace(properties.getStartupGrace());
		engine.start();
		return engine;
	}

	/**
	 * The startup grace period lasts until {@code asyncloop.startup-grace} after the
	 * application is ready: the first requests are warm-up too.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> asyncLoopStartupGrace(AsyncLoopEngine engine,
			AsyncLoopProperties properties) {
		return (event) -> engine.extendStartupGrace(properties.getStartupGrace());
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
