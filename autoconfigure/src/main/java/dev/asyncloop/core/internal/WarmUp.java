package dev.asyncloop.core.internal;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Warm-up set aside: runs, stalls and blocking calls whose time went to loading,
 * linking and initialising classes, or to the first run of framework code at a place
 * (building serializers, creating a child context, a cold first request). They are
 * counted, logged at debug level, and not reported: a cold JVM is not a mistake.
 * Decided by cause, never by the clock: the same stall in the application's own code
 * is reported on the very first request.
 */
public final class WarmUp {

	/** Places remembered; past this, framework code counts as having run everywhere. */
	private static final int MAX_PLACES = 4096;

	private final Set<String> places = ConcurrentHashMap.newKeySet();

	private final LongAdder sinceClear = new LongAdder();

	private final ApplicationCode applicationCode;

	private final System.Logger logger;

	public WarmUp(ApplicationCode applicationCode, LogDestination loggers) {
		this.applicationCode = applicationCode;
		this.logger = loggers.logger("dev.asyncloop.WarmUp");
	}

	/**
	 * Whether framework code runs long at {@code place} for the first time, remembering
	 * that it did.
	 */
	boolean isFirstRunAt(String place) {
		if (this.places.size() >= MAX_PLACES) {
			return false;
		}
		return this.places.add(place);
	}

	/**
	 * Whether something seen once with {@code stack} (a blocking call, say) is warm-up,
	 * counting it if it is: the stack loads classes, or shows framework code only, for
	 * the first time at {@code where} and its first framework frame.
	 * @param what what was seen, for the debug log
	 */
	public boolean setsAside(StackTraceElement[] stack, String where, String what) {
		Activity activity = Activity.of(stack, this.applicationCode);
		boolean warmUp = switch (activity) {
			case WARMING_UP -> true;
			case FRAMEWORK -> isFirstRunAt(where + " at " + firstFrameworkFrame(stack));
			case IDLE, APPLICATION -> false;
		};
		if (warmUp) {
			count(what, activity.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
		}
		return warmUp;
	}

	/**
	 * Counts one piece of warm-up.
	 */
	void count(String what, String why) {
		this.sinceClear.increment();
		if (this.logger.isLoggable(Level.DEBUG)) {
			this.logger.log(Level.DEBUG, "Set aside as warm-up: " + what + " (" + why + ")");
		}
	}

	/**
	 * Pieces of warm-up set aside since the findings were last cleared.
	 */
	public long count() {
		return this.sinceClear.sum();
	}

	void clear() {
		this.sinceClear.reset();
	}

	/**
	 * The first frame of {@code stack} that is neither the JDK's nor the plumbing of
	 * Reactor and Netty: where the framework's own work is.
	 */
	static String firstFrameworkFrame(StackTraceElement[] stack) {
		for (StackTraceElement frame : stack) {
			if (!Places.isPlumbing(frame.getClassName())) {
				return frame.getClassName() + "." + frame.getMethodName();
			}
		}
		return "";
	}

}
