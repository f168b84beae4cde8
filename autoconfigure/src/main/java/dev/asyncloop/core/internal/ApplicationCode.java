package dev.asyncloop.core.internal;

import java.util.List;

/**
 * Which frames of a stack are the application's own code, so that reports name the
 * application's methods and start where the application called in. Known precisely
 * when the application's packages are given (Spring Boot knows them); otherwise any
 * code outside the JDK, well-known frameworks and asyncloop counts.
 */
public final class ApplicationCode {

	/** Frameworks whose frames never name a task when the application's packages are unknown. */
	private static final String[] FRAMEWORKS = { "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
			"reactor.", "io.netty.", "io.micrometer.", "org.springframework.", "tools.jackson.", "com.fasterxml.",
			"org.slf4j.", "ch.qos.logback.", "org.apache.", "org.eclipse.jetty.", "kotlin.", "kotlinx.",
			"io.undertow.", "org.hibernate.", "com.zaxxer." };

	private final List<String> packages;

	private ApplicationCode(List<String> packages) {
		this.packages = packages.stream().map((name) -> name.endsWith(".") ? name : name + ".").toList();
	}

	/**
	 * The application's code is whatever is not the JDK's, a framework's or asyncloop's.
	 */
	public static ApplicationCode unknown() {
		return new ApplicationCode(List.of());
	}

	/**
	 * The application's code is in {@code packages} (and their sub-packages).
	 */
	public static ApplicationCode inPackages(List<String> packages) {
		return new ApplicationCode(packages);
	}

	/**
	 * The prefixes of the JDK's and well-known frameworks' classes, which are not the
	 * application's when its packages are not known.
	 */
	public static List<String> frameworks() {
		return List.of(FRAMEWORKS);
	}

	public List<String> packages() {
		return this.packages.stream().map((name) -> name.substring(0, name.length() - 1)).toList();
	}

	/**
	 * Whether {@code frame} is the application's.
	 */
	public boolean isApplication(StackTraceElement frame) {
		if (StackFrames.isPlumbing(frame)) {
			return false;
		}
		String className = frame.getClassName();
		if (!this.packages.isEmpty()) {
			for (String name : this.packages) {
				if (className.startsWith(name)) {
					return true;
				}
			}
			return false;
		}
		return !isFramework(className);
	}

	/**
	 * Whether a frame as reports render it, {@code Class.method(File.java:line)}, is
	 * the application's.
	 */
	public boolean isApplication(String renderedFrame) {
		int call = renderedFrame.indexOf('(');
		int method = renderedFrame.lastIndexOf('.', (call >= 0) ? call : renderedFrame.length());
		if (method <= 0) {
			return false;
		}
		String className = renderedFrame.substring(0, method);
		return isApplication(new StackTraceElement(className, renderedFrame.substring(method + 1), null, -1));
	}

	/**
	 * Whether {@code className} belongs to the JDK or a well-known framework.
	 */
	static boolean isFramework(String className) {
		for (String prefix : FRAMEWORKS) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The first application method found scanning {@code stack} from index
	 * {@code outermost} inward (toward index 0), as {@code Class.method}: where the
	 * application's own work begins. {@code null} when there is none.
	 */
	public String entryPoint(StackTraceElement[] stack, int outermost) {
		for (int i = Math.min(outermost, stack.length - 1); i >= 0; i--) {
			if (isApplication(stack[i])) {
				return TaskNames.methodName(stack[i]);
			}
		}
		return null;
	}

	/**
	 * Where something was created, innermost frame first, starting at the
	 * application's call when the stack has one, otherwise below the executor and
	 * proxy plumbing that leads to it.
	 */
	public List<String> creationFrames(Throwable site) {
		if (site == null) {
			return List.of();
		}
		StackTraceElement[] stack = site.getStackTrace();
		for (int i = 0; i < stack.length; i++) {
			if (isApplication(stack[i])) {
				return StackFrames.render(stack, i);
			}
		}
		return StackFrames.callerFrames(site);
	}

}
