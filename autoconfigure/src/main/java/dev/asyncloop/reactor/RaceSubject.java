package dev.asyncloop.reactor;

/**
 * What signals raced into: a sink or a subscriber, and where it was made when that
 * was noted (a sink's stack is taken once, when it is made, in debug mode).
 */
final class RaceSubject {

	/** The other thread's stack is taken at most this often per subject: taking one stops that thread. */
	private static final long OTHER_STACK_INTERVAL_NANOS = 100_000_000L;

	private final String type;

	private final String madeBy;

	private final Throwable madeAt;

	private volatile long otherStackTakenAt = System.nanoTime() - OTHER_STACK_INTERVAL_NANOS;

	/**
	 * @param type what it is, for example {@code Sinks.Many}
	 * @param madeBy the Reactor method that made it, when known
	 * @param noteWhereMade whether to take the stack that is making it now
	 */
	RaceSubject(String type, String madeBy, boolean noteWhereMade) {
		this.type = type;
		this.madeBy = madeBy;
		this.madeAt = noteWhereMade ? new MadeAt() : null;
	}

	String type() {
		return this.type;
	}

	String madeBy() {
		return this.madeBy;
	}

	/**
	 * The stack that made it, or {@code null} when not noted.
	 */
	Throwable madeAt() {
		return this.madeAt;
	}

	/**
	 * Whether the other thread's stack may be taken for a race now.
	 */
	boolean mayTakeOtherStack() {
		long now = System.nanoTime();
		long last = this.otherStackTakenAt;
		if (now - last < OTHER_STACK_INTERVAL_NANOS) {
			return false;
		}
		this.otherStackTakenAt = now;
		return true;
	}

	/**
	 * The stack of the code making a sink, kept cheap: rendered only for a report.
	 */
	private static final class MadeAt extends Throwable {

		MadeAt() {
			super("made here", null, false, true);
		}

	}

}
