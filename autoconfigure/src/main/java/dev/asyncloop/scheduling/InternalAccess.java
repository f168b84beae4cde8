package dev.asyncloop.scheduling;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reflective access to what another library (Spring, Reactor, Netty) keeps private.
 * Another version may not have it, and a module path may refuse it: a use then does
 * without it, as it says, with one log line naming what is not reached, what asyncloop
 * does without it and why, and never fails startup or the application's task.
 */
public final class InternalAccess {

	private static final Log logger = LogFactory.getLog(InternalAccess.class);

	/** What was reported unreachable, so that each is logged once. */
	private static final Set<String> reported = ConcurrentHashMap.newKeySet();

	private InternalAccess() {
	}

	/**
	 * What {@code lookup} finds, or {@code null}, logged once, if it fails or finds nothing.
	 * @param what what is looked up, for example {@code Reactor's Hooks.onErrorDroppedHook}
	 * @param without what asyncloop does without it
	 */
	public static <T> T find(String what, String without, Lookup<T> lookup) {
		try {
			T found = lookup.find();
			if (found == null) {
				unreachable(what, without, "not found");
			}
			return found;
		}
		catch (Exception | LinkageError ex) {
			unreachable(what, without, ex.toString());
			return null;
		}
	}

	/**
	 * Logs, once per {@code what}, that it cannot be reached and what asyncloop does
	 * without it. Never throws.
	 */
	public static void unreachable(String what, String without, String reason) {
		if (reported.add(what)) {
			try {
				logger.info("asyncloop cannot reach " + what + " (" + reason + "); " + without);
			}
			catch (RuntimeException ex) {
				// Logging must never fail the caller.
			}
		}
	}

	/**
	 * A reflective lookup.
	 */
	@FunctionalInterface
	public interface Lookup<T> {

		T find() throws Exception;

	}

}
