package dev.asyncloop.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code asyncloop} endpoint.
 */
@ConfigurationProperties("management.endpoint.asyncloop")
public class AsyncLoopEndpointProperties {

	/**
	 * When to show stacks (where a task is, where it was created), which can reveal an
	 * application's internals. Like the values of the env endpoint.
	 */
	private Show showStacks = Show.NEVER;

	/**
	 * Roles allowed to see stacks when show-stacks is when-authorized (when empty, any
	 * authenticated user is). When set, also the only roles allowed to change settings
	 * and clear findings over HTTP.
	 */
	private Set<String> roles = new HashSet<>();

	public Show getShowStacks() {
		return this.showStacks;
	}

	public void setShowStacks(Show showStacks) {
		this.showStacks = showStacks;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
