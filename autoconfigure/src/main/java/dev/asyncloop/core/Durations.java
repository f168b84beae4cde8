package dev.asyncloop.core;

import java.time.Duration;

/**
 * Checks of durations given to the engine.
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * {@code duration} if it is positive.
	 * @throws IllegalArgumentException naming {@code what} otherwise
	 */
	public static Duration requirePositive(String what, Duration duration) {
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(what + " must be a positive duration, but was " + duration);
		}
		return duration;
	}

	/**
	 * {@code nanos} as seconds with three decimals, the way asyncio prints durations.
	 */
	public static String seconds(long nanos) {
		return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
	}

}
