package dev.asyncloop.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders stack traces the way reports show them: one string per frame, innermost
 * first, in {@code Class.method(File.java:line)} form, without module prefixes.
 */
public final class StackFrames {

	/** Frames kept per stack; deeper stacks end with a line saying how many were cut. */
	public static final int MAX_FRAMES = 128;

	/**
	 * Packages whose frames sit between a user's call and the moment asyncloop takes a
	 * creation site: asyncloop itself, executors, Spring's task and proxy plumbing.
	 */
	private static final String[] PLUMBING = { "java.util.concurrent.", "org.springframework.scheduling.",
			"org.springframework.core.task.", "org.springframework.aop.", "org.springframework.cglib.",
			"reactor.core.scheduler.", "jdk.internal.reflect.", "java.lang.reflect.", "java.lang.Thread" };

	/**
	 * asyncloop's own packages. Code of other packages under {@code dev.asyncloop} (the
	 * sample, the benchmarks) is an application's, even where it shares asyncloop's jar.
	 */
	private static final String[] OWN_PACKAGES = { "dev.asyncloop.core.", "dev.asyncloop.scheduling.",
			"dev.asyncloop.futures.", "dev.asyncloop.reactor.", "dev.asyncloop.blocking.", "dev.asyncloop.actuate.",
			"dev.asyncloop.autoconfigure.", "dev.asyncloop.test." };

	/** Where asyncloop serves its endpoint and monitor page. */
	private static final String OWN_SERVING_PACKAGE = "dev.asyncloop.actuate.";

	private static final java.util.Map<String, Boolean> OWN_CLASSES = new java.util.concurrent.ConcurrentHashMap<>();

	private StackFrames() {
	}

	/**
	 * All frames of {@code stack}, innermost first.
	 */
	public static List<String> render(StackTraceElement[] stack) {
		return render(stack, 0);
	}

	/**
	 * The frames of {@code stack} from {@code from} on, innermost first.
	 */
	public static List<String> render(StackTraceElement[] stack, int from) {
		if (stack == null || from >= stack.length) {
			return List.of();
		}
		int end = Math.min(stack.length, from + MAX_FRAMES);
		List<String> frames = new ArrayList<>(end - from + 1);
		for (int i = from; i < end; i++) {
			frames.add(frame(stack[i]));
		}
		if (end < stack.length) {
			frames.add("... " + (stack.length - end) + " more");
		}
		return frames;
	}

	/**
	 * Where something was created: the frames of {@code site} below the executor and
	 * proxy plumbing that leads to it, so that the first frame is the user's call.
	 */
	public static List<String> callerFrames(Throwable site) {
		if (site == null) {
			return List.of();
		}
		StackTraceElement[] stack = site.getStackTrace();
		int from = 0;
		while (from < stack.length - 1 && isPlumbing(stack[from])) {
			from++;
		}
		return render(stack, from);
	}

	/**
	 * asyncio's {@code Created at (most recent call last)} for the log, outermost frame
	 * first; {@code ""} when {@code createdAt} (innermost first) is empty.
	 */
	public static String createdAt(List<String> createdAt) {
		if (createdAt.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder("\nCreated at (most recent call last):");
		for (int i = createdAt.size() - 1; i >= 0; i--) {
			text.append("\n\t").append(createdAt.get(i));
		}
		return text.toString();
	}

	/**
	 * One frame as {@code Class.method(File.java:line)}.
	 */
	public static String frame(StackTraceElement element) {
		StringBuilder text = new StringBuilder(96);
		text.append(element.getClassName()).append('.').append(element.getMethodName()).append('(');
		if (element.isNativeMethod()) {
			text.append("Native Method");
		}
		else if (element.getFileName() == null) {
			text.append("Unknown Source");
		}
		else {
			text.append(element.getFileName());
			if (element.getLineNumber() >= 0) {
				text.append(':').append(element.getLineNumber());
			}
		}
		return text.append(')').toString();
	}

	private static boolean isInOwnPackage(String className) {
		for (String own : OWN_PACKAGES) {
			if (className.startsWith(own)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether {@code className} is asyncloop's own code rather than an application's
	 * that shares its package names (its sample, its tests): asyncloop's classes come
	 * from where this class came from.
	 */
	private static boolean isAsyncLoop(String className) {
		return OWN_CLASSES.computeIfAbsent(className, (name) -> {
			try {
				Class<?> type = Class.forName(name, false, StackFrames.class.getClassLoader());
				// asyncloop adds a class of its own to the bootstrap class path, to reach the JDK's futures.
				return type.getClassLoader() == null || sameOrigin(type, StackFrames.class);
			}
			catch (ClassNotFoundException | LinkageError | SecurityException ex) {
				return false;
			}
		});
	}

	private static boolean sameOrigin(Class<?> type, Class<?> reference) {
		java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
		java.security.CodeSource own = reference.getProtectionDomain().getCodeSource();
		return source != null && own != null && java.util.Objects.equals(source.getLocation(), own.getLocation());
	}

	/**
	 * Whether a stack, rendered as reports show it, is asyncloop serving its own
	 * endpoint or monitor page: what happens there (a report taking every running
	 * task's stack, say) is never reported as the application's.
	 */
	static boolean isServingAsyncLoop(List<String> frames) {
		for (String frame : frames) {
			if (frame.startsWith(OWN_SERVING_PACKAGE) && isAsyncLoop(Places.className(frame))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether {@code element} belongs to asyncloop, an executor or Spring's task and
	 * proxy plumbing rather than to the user's code.
	 */
	static boolean isPlumbing(StackTraceElement element) {
		String className = element.getClassName();
		if (className.contains("$$SpringCGLIB$$") || className.contains("$$Lambda")) {
			return true;
		}
		if (isInOwnPackage(className)) {
			return isAsyncLoop(className);
		}
		for (String prefix : PLUMBING) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
