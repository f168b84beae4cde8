package dev.asyncloop.core;

import java.time.Duration;
import java.util.List;

/**
 * asyncloop's engine for one application, as users and extenders see it: its runtime
 * settings, the executors it monitors, the findings it keeps, and the listeners and
 * watchdog checks added to it. The auto-configuration makes one per application
 * context; inject it, or change it before its watchdog starts with an
 * {@code AsyncLoopEngineCustomizer}.
 */
public interface AsyncLoopEngine {

	/**
	 * The settings that can change while the application runs: debug mode, the slow
	 * callback threshold, strict mode.
	 */
	RuntimeSettings settings();

	/**
	 * Whether its watchdog is running: between the start of the application context
	 * and its close.
	 */
	boolean isWatching();

	/**
	 * The state of every monitored executor, in the order they were registered; the
	 * caller's own running task is not counted.
	 */
	List<ExecutorSnapshot> executors();

	/**
	 * The findings of {@code kind} still kept (at most {@code asyncloop.journal-size}),
	 * newest first.
	 */
	List<Finding> recentFindings(FindingKind kind);

	/**
	 * Gives {@code listener} every finding from now on, on a thread of the listener's
	 * own: it may block without delaying detection or other listeners.
	 */
	void addListener(FindingListener listener);

	void removeListener(FindingListener listener);

	/**
	 * Runs {@code check} on the watchdog thread at every tick (every few milliseconds);
	 * for detectors that poll. Keep it short: it delays detection while it runs.
	 */
	void addWatchdogCheck(Runnable check);

	void removeWatchdogCheck(Runnable check);

	/**
	 * Lets pending detection catch up: the watchdog takes a full look, detectors that
	 * deliver late (JFR) deliver what they have, and every listener is given what was
	 * found, each waiting at most {@code timeout}.
	 */
	void settle(Duration timeout);

}
