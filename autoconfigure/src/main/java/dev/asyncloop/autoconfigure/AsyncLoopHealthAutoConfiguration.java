package dev.asyncloop.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.asyncloop.actuate.AsyncLoopHealthIndicator;
import dev.asyncloop.core.internal.Engine;

/**
 * The {@code asyncloop} health component, switched off like any other with
 * {@code management.health.asyncloop.enabled=false}.
 */
@AutoConfiguration(after = AsyncLoopAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Engine.class)
@ConditionalOnEnabledHealthIndicator("asyncloop")
public final class AsyncLoopHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "asyncloopHealthIndicator")
	AsyncLoopHealthIndicator asyncloopHealthIndicator(Engine engine, AsyncLoopProperties properties) {
		return new AsyncLoopHealthIndicator(engine, properties.getHealth().getStallDuration(),
				properties.getHealth().isDownOnStall());
	}

}
