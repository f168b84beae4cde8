package dev.asyncloop.core.internal;

/**
 * Where asyncloop's log lines go. The JDK's {@link System.Logger} by default; an
 * integration supplies loggers of the application's own logging system, so that
 * lines written while the application shuts down are not lost with a bridge that is
 * already gone.
 */
@FunctionalInterface
public interface LogDestination {

	/**
	 * The logger named {@code name}, for example {@code dev.asyncloop.SlowCallbacks}.
	 */
	System.Logger logger(String name);

	/**
	 * Runs {@code write}, which logs a line about the work of a traced request, with
	 * the request's ids where the logging system keeps such context (SLF4J's MDC, under
	 * {@code traceId} and {@code spanId}), so that the application's log correlation
	 * shows them. By default it only runs {@code write}.
	 */
	default void inTrace(String traceId, String spanId, Runnable write) {
		write.run();
	}

	/**
	 * The JDK's own: {@link System#getLogger(String)}.
	 */
	static LogDestination system() {
		return System::getLogger;
	}

}
