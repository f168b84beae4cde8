package dev.asyncloop.autoconfigure;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.asyncloop.futures.Weaver;

/**
 * Attaches asyncloop's agent as soon as the environment says debug mode is on, on a
 * thread of its own: the JVM attaching to itself starts a helper process, which takes
 * about half a second, and it now runs while the context is being built instead of
 * when the first instrumentation asks for it (which then waits only for what is left).
 * Harmless when nothing asks: an agent with no transformer changes no class.
 */
final class EarlyAgentAttach implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final String AGENT = "net.bytebuddy.agent.ByteBuddyAgent";

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		Environment environment = event.getEnvironment();
		if (!ClassUtils.isPresent(AGENT, EarlyAgentAttach.class.getClassLoader()) || !agentWanted(environment)) {
			return;
		}
		Thread attach = new Thread(() -> {
			try {
				Weaver.instrumentation();
			}
			catch (RuntimeException | LinkageError ex) {
				// Whoever needs the agent asks again, and says what the JVM refused.
			}
		}, "asyncloop-agent-attach");
		attach.setDaemon(true);
		attach.start();
	}

	/**
	 * Whether debug mode is on with something that instruments classes; a value that
	 * does not read as a boolean is left for the properties' own check to report.
	 */
	private static boolean agentWanted(Environment environment) {
		try {
			return environment.getProperty("asyncloop.enabled", Boolean.class, true)
					&& environment.getProperty("asyncloop.debug", Boolean.class, false)
					&& (environment.getProperty("asyncloop.unretrieved-exceptions.all-futures", Boolean.class, true)
							|| environment.getProperty("asyncloop.reactor.thread-safety", Boolean.class, true));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
