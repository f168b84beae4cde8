package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;

import dev.asyncloop.core.internal.DurationLimits;

/**
 * The settings of an engine that may change while it runs: debug mode, the
 * slow-callback duration, strict mode, and whether findings that depend on timing are
 * suppressed. Tasks read some of them on their hot path: each is one volatile field.
 */
public final class RuntimeSettings {

	private volatile boolean debug;

	private volatile long slowCallbackNanos;

	private volatile boolean strict;

	private volatile boolean timingSuppressed;

	/**
	 * When the startup grace period ends, on the wall clock that JFR events carry too;
	 * {@link Instant#MIN} for none. Read by the watchdog and detectors, never by tasks.
	 */
	private volatile Instant graceEndsAt = Instant.MIN;

	/**
	 * Settings as an engine starts with them; the engine makes its own.
	 * @param debug whether debug mode is on
	 * @param slowCallbackDuration how long a task may run on a non-blocking executor
	 */
	public RuntimeSettings(boolean debug, Duration slowCallbackDuration) {
		this.debug = debug;
		this.slowCallbackNanos = DurationLimits.requirePositive("slowCallbackDuration", slowCallbackDuration)
			.toNanos();
	}

	/**
	 * Whether the expensive checks run: creation stacks, never-awaited tracking,
	 * blocking-call detection.
	 */
	public boolean isDebug() {
		return this.debug;
	}

	public void setDebug(boolean debug) {
		this.debug = debug;
	}

	/**
	 * How long a task may run on a non-blocking executor before it is a slow callback.
	 */
	public Duration slowCallbackDuration() {
		return Duration.ofNanos(this.slowCallbackNanos);
	}

	public void setSlowCallbackDuration(Duration duration) {
		this.slowCallbackNanos = DurationLimits.requirePositive("slowCallbackDuration", duration).toNanos();
	}

	/**
	 * {@link #slowCallbackDuration()} in nanoseconds, as a task's end compares it.
	 */
	public long slowCallbackNanos() {
		return this.slowCallbackNanos;
	}

	/**
	 * Whether blocking waits on non-blocking threads throw an
	 * {@link AsyncLoopViolationException} where they are made instead of only being
	 * reported.
	 */
	public boolean isStrict() {
		return this.strict;
	}

	public void setStrict(boolean strict) {
		this.strict = strict;
	}

	/**
	 * Whether slow callbacks and stalls are suppressed now: while a debugger may hold
	 * threads at breakpoints, or in the startup grace period.
	 */
	public boolean isTimingSuppressed() {
		return this.timingSuppressed || (this.graceEndsAt != Instant.MIN && isInStartupGrace(Instant.now()));
	}

	/**
	 * Suppresses slow callbacks and stalls for as long as {@code suppressed} is set, as
	 * while a debugger may hold threads at breakpoints.
	 */
	public void setTimingSuppressed(boolean suppressed) {
		this.timingSuppressed = suppressed;
	}

	/**
	 * Opens (or extends) a startup grace period of {@code grace} from now: slow
	 * callbacks, event-loop stalls and blocking calls seen by the JFR detector in it are
	 * warm-up (class loading, JIT compilation, connection pools filling) and are not
	 * reported. Never shortens a period already open; zero does nothing.
	 */
	public synchronized void extendStartupGrace(Duration grace) {
		if (grace.isZero() || grace.isNegative()) {
			return;
		}
		Instant end = Instant.now().plus(grace);
		if (end.isAfter(this.graceEndsAt)) {
			this.graceEndsAt = end;
		}
	}

	/**
	 * Whether something that happened at {@code time} falls in the startup grace period.
	 */
	public boolean isInStartupGrace(Instant time) {
		return time.isBefore(this.graceEndsAt);
	}

}
