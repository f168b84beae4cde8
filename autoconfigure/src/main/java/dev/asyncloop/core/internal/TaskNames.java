package dev.asyncloop.core.internal;

import dev.asyncloop.core.NamedTask;

/**
 * Turns a submitted task into a name a person recognises: {@code ReportJob.refresh}
 * for a {@code @Scheduled} method, the lambda's enclosing class for a lambda, the
 * class name otherwise.
 *
 * <p>Called only off the hot path (by the watchdog or for a report). A task whose
 * {@code toString()} misbehaves still gets its class name.
 */
public final class TaskNames {

	/** Spring's error-handling wrapper: its {@code toString()} names what it wraps. */
	private static final String ERROR_HANDLING_WRAPPER = "DelegatingErrorHandlingRunnable for ";

	private static final int MAX_LENGTH = 160;

	private static final String LAMBDA = ".lambda";


	private static final ClassValue<Boolean> DESCRIBES_ITSELF = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			try {
				return type.getMethod("toString").getDeclaringClass() != Object.class
						&& !type.getName().startsWith("java.util.concurrent.");
			}
			catch (NoSuchMethodException | SecurityException ex) {
				return false;
			}
		}
	};

	private TaskNames() {
	}

	/**
	 * The name of {@code task}.
	 */
	public static String of(Object task) {
		if (task == null) {
			return "task";
		}
		if (task instanceof NamedTask named) {
			return named.taskName();
		}
		if (DESCRIBES_ITSELF.get(task.getClass())) {
			String text = describe(task);
			if (text != null) {
				return text;
			}
		}
		return className(task.getClass());
	}

	/**
	 * A class name without its package; a lambda is named after the class that wrote it.
	 */
	public static String className(Class<?> type) {
		return className(type.getName());
	}

	/**
	 * Gives a task with a generic name (a lambda, a framework's runnable) a better one
	 * once its stack is known: the first application method inward of the executor's
	 * plumbing, which is where the task's own work starts.
	 */
	static void improveFromStack(TrackedTask task, StackTraceElement[] stack, ApplicationCode code) {
		if (!isGeneric(task)) {
			return;
		}
		String runner = TrackedTask.class.getName();
		for (int i = 0; i < stack.length; i++) {
			if (stack[i].getClassName().equals(runner)) {
				// Inward of TrackedTask.run comes the runTask of its subclass, then the work.
				String entry = code.entryPoint(stack, i - 2);
				if (entry != null) {
					task.rename(entry);
				}
				return;
			}
		}
	}

	private static boolean isGeneric(TrackedTask task) {
		Object source = task.source();
		if (source == null) {
			return true;
		}
		if (source instanceof TrackedTask inner) {
			// Wrapped by another application's instrumentation (two contexts in one JVM).
			return isGeneric(inner) && task.name().equals(inner.name());
		}
		String name = of(source);
		if (!name.equals(task.name())) {
			return false; // renamed by instrumentation that knew better
		}
		return name.endsWith(LAMBDA)
				|| (name.equals(className(source.getClass())) && ApplicationCode.isFramework(source.getClass().getName()));
	}

	static String methodName(StackTraceElement frame) {
		String method = frame.getMethodName();
		String prefix = "lambda$";
		if (method.startsWith(prefix)) {
			// lambda$blocking$0 is a lambda written in method blocking
			int end = method.indexOf('$', prefix.length());
			String enclosing = method.substring(prefix.length(), (end > 0) ? end : method.length());
			return simple(frame.getClassName()) + "." + enclosing + " (lambda)";
		}
		return simple(frame.getClassName()) + "." + method;
	}

	private static String describe(Object task) {
		String text;
		try {
			text = String.valueOf(task);
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
		while (text.startsWith(ERROR_HANDLING_WRAPPER)) {
			text = text.substring(ERROR_HANDLING_WRAPPER.length());
		}
		if (looksLikeQualifiedMethod(text)) {
			return shortenQualifiedMethod(text);
		}
		if (text.contains("$$Lambda")) {
			int at = text.indexOf('@');
			return className(nameOnly(at > 0 ? text.substring(0, at) : text));
		}
		return (text.length() > MAX_LENGTH) ? text.substring(0, MAX_LENGTH) + "..." : text;
	}

	/**
	 * {@code com.example.ReportJob.refresh}, as Spring's scheduled method runnables
	 * describe themselves.
	 */
	private static boolean looksLikeQualifiedMethod(String text) {
		if (text.isEmpty() || text.length() > MAX_LENGTH || text.indexOf('.') < 0) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!Character.isJavaIdentifierPart(c) && c != '.') {
				return false;
			}
		}
		String lastSegment = text.substring(text.lastIndexOf('.') + 1);
		return !lastSegment.isEmpty() && Character.isLowerCase(lastSegment.charAt(0));
	}

	private static String shortenQualifiedMethod(String text) {
		int method = text.lastIndexOf('.');
		int type = text.lastIndexOf('.', method - 1);
		return text.substring(type + 1);
	}

	private static String className(String qualified) {
		int lambda = qualified.indexOf("$$Lambda");
		if (lambda > 0) {
			return simple(qualified.substring(0, lambda)) + LAMBDA;
		}
		return simple(qualified);
	}

	private static String nameOnly(String text) {
		int space = text.lastIndexOf(' ');
		return (space >= 0) ? text.substring(space + 1) : text;
	}

	private static String simple(String qualified) {
		int dot = qualified.lastIndexOf('.');
		return (dot >= 0) ? qualified.substring(dot + 1) : qualified;
	}

}
