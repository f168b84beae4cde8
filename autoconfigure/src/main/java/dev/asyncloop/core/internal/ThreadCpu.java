package dev.asyncloop.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How much CPU a thread has used, to tell a thread that computes from one that waits
 * for a CPU. Read by the watchdog only, for threads that have run a while.
 */
final class ThreadCpu {

	private static final ThreadMXBean THREADS = threads();

	private ThreadCpu() {
	}

	/**
	 * The CPU time {@code thread} has used, in nanoseconds, or {@code -1} when this JVM
	 * does not measure it.
	 */
	static long of(Thread thread) {
		if (THREADS == null) {
			return -1;
		}
		try {
			return THREADS.getThreadCpuTime(thread.getId());
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static ThreadMXBean threads() {
		try {
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			return (threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) ? threads : null;
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
