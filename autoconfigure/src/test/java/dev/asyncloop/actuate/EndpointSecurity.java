package dev.asyncloop.actuate;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The actuator's endpoints secured as the README shows, on a reactive or a servlet
 * server: for authenticated users over basic authentication, whose clients send no
 * CSRF token. The users are {@code viewer}, without the endpoint's role, and
 * {@code admin}, with it, each with password {@code secret}.
 */
@Configuration(proxyBeanMethods = false)
class EndpointSecurity {

	private static List<UserDetails> viewerAndAdmin() {
		return List.of(User.withUsername("viewer").password("{noop}secret").roles("VIEWER").build(),
				User.withUsername("admin").password("{noop}secret").roles("ASYNCLOOP").build());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactiveEndpointSecurity {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityWebFilterChain actuatorSecurity(ServerHttpSecurity http) {
			return http
				.securityMatcher(
						org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest.toAnyEndpoint())
				.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(viewerAndAdmin());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletEndpointSecurity {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
			return http
				.securityMatcher(
						org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest.toAnyEndpoint())
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf(AbstractHttpConfigurer::disable)
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(viewerAndAdmin());
		}

	}

}
