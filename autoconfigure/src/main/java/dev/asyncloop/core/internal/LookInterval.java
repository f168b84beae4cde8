package dev.asyncloop.core.internal;

import java.time.Duration;

/**
 * Lets a watchdog check look only every so often, though the watchdog calls it at
 * every tick: for checks that read more than a few fields. The first call looks.
 * Used on the watchdog thread only.
 */
final class LookInterval {

	/** The interval of checks a person reads the result of: about once a second. */
	static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final long intervalNanos;

	private long lookedAt;

	LookInterval(long intervalNanos) {
		this.intervalNanos = intervalNanos;
		this.lookedAt = System.nanoTime() - intervalNanos;
	}

	/**
	 * Whether it is time to look, at {@code now} ({@link System#nanoTime()}); if so, the
	 * next look is an interval from now.
	 */
	boolean due(long now) {
		if (now - this.lookedAt < this.intervalNanos) {
			return false;
		}
		this.lookedAt = now;
		return true;
	}

}
