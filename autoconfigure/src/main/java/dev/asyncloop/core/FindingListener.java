package dev.asyncloop.core;

/**
 * Receives findings as they are recorded: the log, metrics, JFR events and test
 * mode are listeners. Called on the thread that made the finding (usually the
 * watchdog); an exception thrown here is reported and otherwise ignored.
 */
public interface FindingListener {

	/**
	 * A new finding.
	 */
	void recorded(Finding finding);

	/**
	 * A finding changed: a slow callback that finished, an exception retrieved late.
	 */
	default void updated(Finding previous, Finding current) {
	}

}
