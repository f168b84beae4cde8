package dev.asyncloop.autoconfigure;

import java.time.Duration;

import dev.asyncloop.core.internal.DurationLimits;

/**
 * Durations written back the way people write them in properties: {@code -5ms},
 * {@code 2s}, {@code 0ms}.
 */
final class DurationText {

	private DurationText() {
	}

	static String of(Duration duration) {
		if (duration == null) {
			return "(none)";
		}
		if (DurationLimits.isTooLong(duration) || duration.compareTo(DurationLimits.MAX.negated()) < 0) {
			return duration.toString(); // no nanosecond count to write it with
		}
		long nanos = duration.toNanos();
		if (nanos % 1_000_000_000L == 0) {
			return (nanos / 1_000_000_000L) + "s";
		}
		if (nanos % 1_000_000L == 0) {
			return (nanos / 1_000_000L) + "ms";
		}
		return nanos + "ns";
	}

}
