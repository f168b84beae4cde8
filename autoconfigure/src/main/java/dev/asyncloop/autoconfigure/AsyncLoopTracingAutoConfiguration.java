package dev.asyncloop.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.reactor.ServedRequests;
import dev.asyncloop.tracing.ObservationTraces;
import dev.asyncloop.tracing.ServedObservations;

/**
 * Findings inside traces, where the application traces its requests with Micrometer
 * Tracing (the OpenTelemetry or the Brave bridge): each finding carries the trace and
 * span of the request it is about, in the endpoint, the log and JFR, and is added to
 * that span as an event. Without a tracer, or with Micrometer's no-op one, nothing is
 * installed.
 */
@AutoConfiguration(after = { AsyncLoopAutoConfiguration.class, AsyncLoopReactorAutoConfiguration.class })
@ConditionalOnClass(name = { "io.micrometer.tracing.Tracer", "io.micrometer.observation.ObservationRegistry" })
@ConditionalOnBean(Engine.class)
public final class AsyncLoopTracingAutoConfiguration {

	@Bean
	static TracesInstallation asyncLoopTraces(ObjectProvider<Engine> engine,
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<Tracer> tracer,
			ObjectProvider<ServedObservations> served) {
		return new TracesInstallation(engine, registry, tracer, served);
	}

	/**
	 * The observation of the request an event loop serves, in a WebFlux application.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter",
			"org.springframework.http.server.reactive.observation.ServerRequestObservationContext" })
	@ConditionalOnBean(ServedRequests.class)
	static class WebFluxConfiguration {

		@Bean
		ServedObservations asyncLoopServedObservations(ServedRequests requests) {
			return new ServedObservations(requests);
		}

	}

	/**
	 * Gives the engine the application's traces once every bean exists (the tracer is
	 * not pulled forward into the making of the executors), and takes them back when
	 * the context closes.
	 */
	static final class TracesInstallation implements SmartInitializingSingleton, DisposableBean {

		private final ObjectProvider<Engine> engine;

		private final ObjectProvider<ObservationRegistry> registry;

		private final ObjectProvider<Tracer> tracer;

		private final ObjectProvider<ServedObservations> served;

		private ObservationTraces installed;

		TracesInstallation(ObjectProvider<Engine> engine, ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<Tracer> tracer, ObjectProvider<ServedObservations> served) {
			this.engine = engine;
			this.registry = registry;
			this.tracer = tracer;
			this.served = served;
		}

		@Override
		public void afterSingletonsInstantiated() {
			Engine engine = this.engine.getIfAvailable();
			Tracer tracer = this.tracer.getIfUnique();
			if (engine == null || tracer == null || tracer == Tracer.NOOP) {
				return;
			}
			ObservationRegistry registry = this.registry.getIfUnique(() -> ObservationRegistry.NOOP);
			this.installed = new ObservationTraces(registry, tracer, this.served.getIfAvailable(),
					engine.applicationCode());
			engine.findings().traces().use(this.installed);
		}

		@Override
		public void destroy() {
			Engine engine = this.engine.getIfAvailable();
			if (engine != null && this.installed != null) {
				engine.findings().traces().release(this.installed);
			}
		}

	}

}
