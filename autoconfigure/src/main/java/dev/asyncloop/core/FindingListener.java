package dev.asyncloop.core;

/**
 * Receives findings as they are recorded, for example to page someone or to count
 * them somewhere of your own. Each listener is called on a thread of its own
 * ({@code asyncloop-listener-<class>}), in the order findings were made, never on the
 * watchdog: a listener may take its time or block, and that delays only what it is
 * given (at most 1,024 findings wait for it; later ones are not given to it, and the
 * count is logged). An exception it throws is logged naming it and changes nothing
 * else. At shutdown a listener gets two seconds to take what waits for it.
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
