package dev.asyncloop.actuate;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.asyncloop.actuate.AsyncLoopEndpoint.SummaryDescriptor;

/**
 * The write operations of {@code /actuator/asyncloop} over HTTP. When
 * {@code management.endpoint.asyncloop.roles} is set, changing settings and clearing
 * findings need one of those roles, like seeing stacks: an application that keeps
 * stacks from most users should not let those users switch debug mode or erase the
 * findings. Others get 403. Reading is unchanged.
 */
@EndpointWebExtension(endpoint = AsyncLoopEndpoint.class)
public class AsyncLoopEndpointWebExtension {

	private final AsyncLoopEndpoint endpoint;

	private final Set<String> roles;

	public AsyncLoopEndpointWebExtension(AsyncLoopEndpoint endpoint, Set<String> roles) {
		this.endpoint = endpoint;
		this.roles = Set.copyOf(roles);
	}

	@WriteOperation
	public SummaryDescriptor configure(SecurityContext securityContext, @Nullable Boolean debug,
			@Nullable String slowCallbackDuration) {
		requireRole(securityContext);
		return this.endpoint.configure(debug, slowCallbackDuration);
	}

	@DeleteOperation
	public void clear(SecurityContext securityContext) {
		requireRole(securityContext);
		this.endpoint.clear();
	}

	private void requireRole(SecurityContext securityContext) {
		if (!this.roles.isEmpty() && this.roles.stream().noneMatch(securityContext::isUserInRole)) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN,
					"Changing asyncloop needs one of the roles in management.endpoint.asyncloop.roles");
		}
	}

}
