package dev.asyncloop.autoconfigure;

import java.lang.management.ManagementFactory;

/**
 * Whether this JVM runs with a debugger agent. A debugger may be attached any time
 * while the agent is loaded, and its breakpoints hold threads still.
 */
final class DebuggerAgent {

	private DebuggerAgent() {
	}

	static boolean isPresent() {
		try {
			return ManagementFactory.getRuntimeMXBean()
				.getInputArguments()
				.stream()
				.anyMatch((argument) -> argument.startsWith("-agentlib:jdwp") || argument.startsWith("-Xrunjdwp"));
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
