package dev.asyncloop.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import dev.asyncloop.blocking.BlockHoundDetection;
import dev.asyncloop.blocking.JfrBlockingDetector;
import dev.asyncloop.blocking.JfrDetection;
import dev.asyncloop.core.internal.Engine;

/**
 * Blocking-call detection on non-blocking threads, while debug mode is on: the JDK
 * Flight Recorder's events by default, BlockHound on request.
 */
@AutoConfiguration(after = { AsyncLoopAutoConfiguration.class, AsyncLoopReactorAutoConfiguration.class })
@ConditionalOnBean(Engine.class)
@ConditionalOnBooleanProperty(name = "asyncloop.blocking.enabled", matchIfMissing = true)
public final class AsyncLoopBlockingAutoConfiguration {

	/** How long the context waits for blocking-call detection to start. */
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "asyncloop.blocking.detector", havingValue = "jfr", matchIfMissing = true)
	static class JfrDetectionConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		JfrDetection asyncLoopJfrDetection(Engine engine, AsyncLoopProperties properties) {
			boolean available = ClassUtils.isPresent("jdk.jfr.consumer.RecordingStream", null)
					&& JfrBlockingDetector.isAvailable();
			return JfrDetection.start(engine, properties.getBlocking().getThreshold(), available);
		}

		/**
		 * Waits, before anything else starts, for the detection started with the
		 * application: its stream starts beside the rest of the context.
		 */
		@Bean
		SmartLifecycle asyncLoopJfrDetectionStarted(JfrDetection detection) {
			return new StartedFirst(() -> detection.awaitStarted(STARTUP_WAIT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "asyncloop.blocking.detector", havingValue = "blockhound")
	@ConditionalOnClass(name = "reactor.blockhound.BlockHound")
	static class BlockHoundDetectionConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		BlockHoundDetection asyncLoopBlockHoundDetection(Engine engine) {
			return BlockHoundDetection.install(engine);
		}

	}

}
