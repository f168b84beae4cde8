package dev.asyncloop.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.asyncloop.actuate.AsyncLoopEndpoint;
import dev.asyncloop.actuate.AsyncLoopEndpointWebExtension;
import dev.asyncloop.core.internal.Engine;

/**
 * The {@code asyncloop} actuator endpoint, when actuator is present and the endpoint
 * is available (exposed and not switched off).
 */
@AutoConfiguration(after = AsyncLoopAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnAvailableEndpoint(AsyncLoopEndpoint.class)
@ConditionalOnBean(Engine.class)
@EnableConfigurationProperties(AsyncLoopEndpointProperties.class)
public final class AsyncLoopEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncLoopEndpoint asyncLoopEndpoint(Engine engine, AsyncLoopEndpointProperties properties) {
		return new AsyncLoopEndpoint(engine, properties.getShowStacks(), properties.getRoles());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(AsyncLoopEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	@ConditionalOnWebApplication
	AsyncLoopEndpointWebExtension asyncLoopEndpointWebExtension(AsyncLoopEndpoint endpoint,
			AsyncLoopEndpointProperties properties) {
		return new AsyncLoopEndpointWebExtension(endpoint, properties.getRoles());
	}

}
