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
	 * The JDK's own: {@link System#getLogger(String)}.
	 */
	static LogDestination system() {
		return System::getLogger;
	}

}
