package dev.asyncloop.core.internal;

import java.util.List;

/**
 * Where in the code a finding comes from: the first application frame of its stack,
 * else the first frame that is neither the JDK's nor the plumbing of Reactor and
 * Netty. Two findings at one place are the same mistake seen twice; findings at two
 * places are two mistakes, each worth a line in the log.
 */
public final class Places {

	/** Code that only carries work to where it is done. */
	private static final String[] PLUMBING = { "java.", "javax.", "jdk.", "sun.", "com.sun.", "reactor.core.",
			"reactor.netty.", "io.netty." };

	private Places() {
	}

	/**
	 * The place of a stack rendered as reports show it, innermost frame first;
	 * {@code ""} for an empty stack.
	 */
	public static String of(List<String> frames, ApplicationCode code) {
		for (String frame : frames) {
			if (code.isApplication(frame)) {
				return frame;
			}
		}
		for (String frame : frames) {
			if (!frame.startsWith("...") && !isPlumbing(className(frame))) {
				return frame;
			}
		}
		return "";
	}

	/**
	 * Whether {@code className} belongs to the JDK, to Reactor's and Netty's plumbing,
	 * or to the executor and proxy plumbing that carries a task to its work.
	 */
	static boolean isPlumbing(String className) {
		for (String prefix : PLUMBING) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return StackFrames.isPlumbing(new StackTraceElement(className, "", null, -1));
	}

	/**
	 * The class of a frame rendered as {@code Class.method(File.java:line)}.
	 */
	static String className(String frame) {
		int call = frame.indexOf('(');
		int method = frame.lastIndexOf('.', (call >= 0) ? call : frame.length());
		return (method > 0) ? frame.substring(0, method) : frame;
	}

}
