package dev.asyncloop.sample;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread's stack when a test fails, before the failure goes on: a request
 * that is never answered (seen rarely, on JDK 25, on a first request) can then be
 * told apart from a slow machine in the build's own log.
 */
public class ThreadDumpOnFailure implements TestExecutionExceptionHandler {

	private static final int FRAMES = 40;

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		StringBuilder dump = new StringBuilder("Threads when ").append(context.getDisplayName())
			.append(" failed (").append(failure).append("):\n");
		for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
			if (thread.getLockName() != null) {
				dump.append(" on ").append(thread.getLockName());
			}
			if (thread.getLockOwnerName() != null) {
				dump.append(" held by \"").append(thread.getLockOwnerName()).append('"');
			}
			dump.append('\n');
			StackTraceElement[] stack = thread.getStackTrace();
			for (int i = 0; i < Math.min(stack.length, FRAMES); i++) {
				dump.append("\tat ").append(stack[i]).append('\n');
			}
		}
		System.out.print(dump);
		throw failure;
	}

}
