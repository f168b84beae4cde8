package dev.asyncloop.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.asyncloop.actuate.AsyncLoopEndpoint;
import dev.asyncloop.actuate.dashboard.DashboardPage;
import dev.asyncloop.actuate.dashboard.ReactiveDashboardRoutes;
import dev.asyncloop.actuate.dashboard.ServletDashboardRoutes;
import dev.asyncloop.core.internal.Engine;

/**
 * The live loop monitor page ({@code asyncloop.dashboard.enabled=true}), served by
 * whichever server serves the actuator endpoints: the application's own, or the
 * management server when {@code management.server.port} sets one up. It needs the
 * asyncloop endpoint exposed over HTTP, where it reads everything it shows.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@Conditional(AsyncLoopEnabledCondition.class)
@ConditionalOnBooleanProperty("asyncloop.dashboard.enabled")
@ConditionalOnAvailableEndpoint(endpoint = AsyncLoopEndpoint.class, exposure = EndpointExposure.WEB)
public class AsyncLoopDashboardManagementContextConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DashboardPage asyncLoopDashboardPage(AsyncLoopProperties properties, PathMappedEndpoints endpoints,
			Engine engine) {
		if (!DashboardPage.assetsPresent()) {
			throw new IllegalStateException("asyncloop.dashboard.enabled=true needs the WebJar org.webjars.npm:uplot:"
					+ DashboardPage.UPLOT_VERSION + " on the class path (asyncloop-spring-boot-starter brings it)");
		}
		String endpointPath = endpoints.getPath(EndpointId.of("asyncloop"));
		return new DashboardPage(properties.getDashboard().getPath(), endpointPath, engine.applicationCode());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
	static class ReactiveDashboardConfiguration {

		@Bean
		org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> asyncLoopDashboardRoutes(
				DashboardPage page) {
			return ReactiveDashboardRoutes.of(page);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
	static class ServletDashboardConfiguration {

		@Bean
		org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> asyncLoopDashboardRoutes(
				DashboardPage page) {
			return ServletDashboardRoutes.of(page);
		}

	}

}
