package dev.asyncloop.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

import dev.asyncloop.autoconfigure.AsyncLoopProperties.SchedulerRouting;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.reactor.BufferLeaks;
import dev.asyncloop.reactor.NettyConnections;
import dev.asyncloop.reactor.NettyEventLoops;
import dev.asyncloop.reactor.NettyPools;
import dev.asyncloop.reactor.ReactorBridge;
import dev.asyncloop.reactor.ServedRequests;
import dev.asyncloop.reactor.ThreadSafetyWatch;
import dev.asyncloop.scheduling.DebugEventLoop;

/**
 * The Reactor bridge: every task on a Reactor scheduler tracked like the loop's,
 * errors Reactor drops recorded, Reactor Netty's server event loops probed. Loads
 * only with Reactor on the class path, and installs nothing with
 * {@code asyncloop.reactor.enabled=false}.
 */
@AutoConfiguration(after = AsyncLoopAutoConfiguration.class)
@ConditionalOnClass(name = "reactor.core.scheduler.Schedulers")
@ConditionalOnBooleanProperty(name = "asyncloop.reactor.enabled", matchIfMissing = true)
@ConditionalOnBean(Engine.class)
public final class AsyncLoopReactorAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ReactorBridge asyncLoopReactorBridge(Engine engine, AsyncLoopProperties properties,
			ObjectProvider<DebugEventLoop> loop) {
		ScheduledExecutorService routedTo = null;
		if (properties.getReactor().getSchedulers() == SchedulerRouting.LOOP) {
			DebugEventLoop debugEventLoop = loop.getIfAvailable();
			if (debugEventLoop == null) {
				throw new InvalidAsyncLoopPropertyException("asyncloop.reactor.schedulers", "loop",
						"'instrument' unless asyncloop defines the debug event loop (it does where Spring Boot "
								+ "would define its task scheduler: with @EnableScheduling and no scheduler of the "
								+ "application's own), since there is none to run Reactor's parallel scheduler on");
			}
			routedTo = debugEventLoop.getScheduledExecutor();
		}
		return ReactorBridge.install(engine, () -> properties.getWorker().getLongTaskDuration(), routedTo);
	}

	/**
	 * Signals raced from two threads into sinks and subscribers, in debug mode: Reactor's
	 * sink classes instrumented at runtime through Byte Buddy, which the starter brings.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "net.bytebuddy.agent.ByteBuddyAgent", "net.bytebuddy.asm.Advice" })
	@ConditionalOnBooleanProperty(name = "asyncloop.reactor.thread-safety", matchIfMissing = true)
	static class ThreadSafetyConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		ThreadSafetyWatch asyncLoopThreadSafetyWatch(Engine engine) {
			return ThreadSafetyWatch.start(engine);
		}

		@Bean
		static SinkNotingFromStart asyncLoopSinkNotingFromStart(Environment environment) {
			return new SinkNotingFromStart(environment.getProperty("asyncloop.debug", Boolean.class, false));
		}

	}

	/**
	 * Leaked buffers: the reports of Netty's leak detector, as findings.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.netty.util.ResourceLeakDetectorFactory", "io.netty.buffer.ByteBufUtil" })
	@ConditionalOnBooleanProperty(name = "asyncloop.resources.buffer-leaks", matchIfMissing = true)
	static class BufferLeaksConfiguration {

		/** Netty's own properties for its level; where one is set, debug mode leaves the level alone. */
		private static final String[] NETTY_LEVEL_PROPERTIES = { "io.netty.leakDetection.level",
				"io.netty.leakDetectionLevel", "io.netty.noResourceLeakDetection" };

		@Bean
		static BeanFactoryPostProcessor asyncLoopNettyLeakDetectorFromStart() {
			return (beanFactory) -> BufferLeaks.makeNettysDetectorEarly();
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		BufferLeaks asyncLoopBufferLeaks(Engine engine, Environment environment,
				ObjectProvider<ServedRequests> requests) {
			boolean userChoseLevel = environment.containsProperty("spring.netty.leak-detection");
			for (String property : NETTY_LEVEL_PROPERTIES) {
				userChoseLevel |= System.getProperty(property) != null;
			}
			BufferLeaks leaks = BufferLeaks.start(engine, userChoseLevel);
			requests.ifAvailable(leaks::describeRequestsWith);
			return leaks;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "reactor.netty.resources.LoopResources",
			"org.springframework.http.client.ReactorResourceFactory" })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class NettyEventLoopConfiguration {

		@Bean
		NettyProbes asyncLoopNettyEventLoopProbes(ReactorBridge bridge,
				ObjectProvider<ReactorResourceFactory> resources, ApplicationContext context) {
			return new NettyProbes(bridge, resources, context);
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		NettyPools asyncLoopNettyPools(Engine engine) {
			return new NettyPools(engine.transports());
		}

		@Bean
		@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
		@ConditionalOnMissingBean
		ServedRequests asyncLoopServedRequests(ReactorBridge bridge) {
			ServedRequests requests = new ServedRequests();
			bridge.describeRequestsWith(requests);
			return requests;
		}

	}

	/**
	 * Connections tracked for {@code engine}, client ones noting who acquired them
	 * while debug mode is on.
	 */
	static NettyConnections nettyConnections(Engine engine) {
		return new NettyConnections(engine.transports(), () -> engine.settings().isDebug(), engine.applicationCode(),
				engine.findings().traces());
	}

	/**
	 * The server's connections, as live transports.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.reactor.netty.NettyServerCustomizer",
			"reactor.netty.http.server.HttpServer" })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ServerConnectionsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NettyConnections asyncLoopNettyConnections(Engine engine) {
			return nettyConnections(engine);
		}

		@Bean
		NettyServerCustomizer asyncLoopNettyServerConnections(NettyConnections connections) {
			return connections::tracking;
		}

	}

	/**
	 * The connections of the WebClient Spring Boot builds, as live transports.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = {
			"org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer",
			"org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder",
			"reactor.netty.http.client.HttpClient" })
	static class ClientConnectionsConfiguration {

		@Bean
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> asyncLoopClientConnections(
				Engine engine, ObjectProvider<NettyConnections> connections) {
			NettyConnections tracking = connections.getIfAvailable(() -> nettyConnections(engine));
			return (builder) -> builder.withHttpClientCustomizer(tracking::tracking);
		}

	}

	/**
	 * Probes the server's event loops from the moment the application is ready (asking
	 * for them earlier would create them) until it starts closing (probes posted to a
	 * loop in its quiet period would keep it from shutting down).
	 */
	static final class NettyProbes implements ApplicationListener<ApplicationEvent> {

		private static final Log logger = LogFactory.getLog(NettyProbes.class);

		private final ReactorBridge bridge;

		private final ObjectProvider<ReactorResourceFactory> resources;

		private final ApplicationContext context;

		private boolean started;

		NettyProbes(ReactorBridge bridge, ObjectProvider<ReactorResourceFactory> resources,
				ApplicationContext context) {
			this.bridge = bridge;
			this.resources = resources;
			this.context = context;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == this.context) {
				start();
			}
			else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == this.context) {
				this.bridge.stopProbing();
			}
		}

		private synchronized void start() {
			if (this.started) {
				return;
			}
			this.started = true;
			ReactorResourceFactory resources = this.resources.getIfUnique();
			if (resources == null || resources.getLoopResources() == null) {
				return; // not served by Reactor Netty's shared resources
			}
			try {
				int loops = NettyEventLoops.probe(resources.getLoopResources(), this.bridge);
				logger.debug("asyncloop probes " + loops + " Netty event loops");
			}
			catch (RuntimeException ex) {
				logger.warn("asyncloop could not probe Reactor Netty's event loops; their stalls will not be "
						+ "reported: " + ex);
			}
		}

	}

}
