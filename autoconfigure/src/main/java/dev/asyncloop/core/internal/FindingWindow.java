package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The findings of one stretch of time, such as one test: opened before it, closed
 * after it. Closing first lets pending detection finish, so that what happened inside
 * the window is reported inside it rather than in the next one: the watchdog takes one
 * more look, failures still unobserved are reported without their grace period,
 * publishers handed out in the window and still unsubscribed are reported, and every
 * registered detector that delivers late (JFR) catches up.
 */
public final class FindingWindow {

	/** Origins are derived from durations measured with another clock: allow for rounding. */
	private static final Duration ORIGIN_TOLERANCE = Duration.ofMillis(1);

	private final Engine engine;

	private final long firstSequence;

	private final long publisherMark;

	private final Instant opened;

	FindingWindow(Engine engine) {
		this.engine = engine;
		this.firstSequence = engine.findings().lastSequence();
		this.publisherMark = engine.neverAwaited().mark();
		this.opened = openedAsTasksSeeIt(engine.tracking().clock());
	}

	/**
	 * When the window opened, on the clock tasks read: the watchdog's last tick. A task
	 * submitted just after the window opened may read that tick and so appear submitted
	 * up to a tick before it; it is still this window's.
	 */
	private static Instant openedAsTasksSeeIt(TaskClock clock) {
		long now = System.nanoTime();
		return Instant.now().minusNanos(Math.max(0, now - clock.now()));
	}

	/**
	 * Settles pending detection (waiting at most {@code timeout}) and returns the
	 * findings recorded since the window opened whose mistake began in it, oldest
	 * first. A mistake that began before (work an earlier test left running) belongs
	 * to that earlier window.
	 */
	public List<RecordedFinding> close(Duration timeout) {
		this.engine.settle(timeout);
		this.engine.failures().reportUnobservedNow();
		this.engine.neverAwaited().reportUnsubscribedSince(this.publisherMark);
		Instant earliest = this.opened.minus(ORIGIN_TOLERANCE);
		return this.engine.findings()
			.since(this.firstSequence)
			.stream()
			.filter((recorded) -> !recorded.finding().origin().isBefore(earliest))
			.toList();
	}

}
