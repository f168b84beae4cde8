package dev.asyncloop.core.internal;

import java.time.Duration;

/**
 * The durations the engine accepts: positive, and no longer than it can measure.
 */
public final class DurationLimits {

	/**
	 * The longest duration the engine can measure: what a {@code long} of nanoseconds
	 * holds, a little over 106,751 days.
	 */
	public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

	/**
	 * {@link #MAX}, as a property or a request would write it (rounded down).
	 */
	public static final String MAX_TEXT = MAX.toDays() + "d";

	private DurationLimits() {
	}

	/**
	 * {@code duration} if it is positive and at most {@link #MAX}.
	 * @throws IllegalArgumentException naming {@code what} otherwise
	 */
	public static Duration requirePositive(String what, Duration duration) {
		if (duration == null || duration.isZero() || duration.isNegative() || isTooLong(duration)) {
			throw new IllegalArgumentException(
					what + " must be a positive duration of at most " + MAX_TEXT + ", but was " + duration);
		}
		return duration;
	}

	/**
	 * Whether {@code duration} is longer than the engine can measure.
	 */
	public static boolean isTooLong(Duration duration) {
		return duration.compareTo(MAX) > 0;
	}

}
