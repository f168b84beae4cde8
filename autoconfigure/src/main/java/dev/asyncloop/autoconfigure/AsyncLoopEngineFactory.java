package dev.asyncloop.autoconfigure;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.util.ClassUtils;

import dev.asyncloop.core.FindingListener;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;
import dev.asyncloop.scheduling.SpringTaskNames;

/**
 * Makes the engine from the properties: its options, the application's packages, the
 * JFR events, the debugger check and the startup grace, then the application's
 * finding listeners and customizers, and starts it.
 */
final class AsyncLoopEngineFactory {

	private static final Log logger = LogFactory.getLog(AsyncLoopEngineFactory.class);

	private AsyncLoopEngineFactory() {
	}

	static Engine create(AsyncLoopProperties properties, BeanFactory beanFactory,
			List<FindingListener> listeners, List<AsyncLoopEngineCustomizer> customizers) {
		// Every value was checked by AsyncLoopEnabledCondition.
		Engine engine = new Engine(EngineOptions.defaults()
			.withDebug(properties.isDebug())
			.withSlowCallbackDuration(properties.getSlowCallbackDuration())
			.withJournalSize(properties.getJournalSize())
			.withLogInterval(properties.getLogInterval())
			.withUnretrievedGrace(properties.getUnretrievedExceptions().getGrace())
			.withHeldConnectionDuration(properties.getResources().getHeldConnectionDuration())
			.withStarvedPoolDuration(properties.getResources().getStarvedPoolDuration())
			.withLoggers(new CommonsLoggingLoggers())
			.withApplicationCode(applicationCode(beanFactory)));
		engine.settings().setStrict(properties.isStrict());
		if (properties.getJfr().isEnabled() && ClassUtils.isPresent("jdk.jfr.FlightRecorder", null)) {
			JfrEvents.addTo(engine);
		}
		if (properties.isSuppressWhenDebugging() && DebuggerAgent.isPresent()) {
			engine.settings().setTimingSuppressed(true);
			logger.info("asyncloop does not report slow callbacks and stalls: this JVM runs with a debugger agent, "
					+ "and a thread held at a breakpoint looks stuck. Set asyncloop.suppress-when-debugging=false "
					+ "to report them anyway.");
		}
		engine.settings().extendStartupGrace(properties.getStartupGrace());
		SpringTaskNames.addTo(engine);
		engine.collectionNudge().useCollector(ConcurrentCollector.forThisJvm());
		listeners.forEach(engine.findings()::addListener);
		customizers.forEach((customizer) -> customizer.customize(engine));
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
