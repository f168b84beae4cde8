package dev.asyncloop.reactor;

import java.time.Instant;

/**
 * A race as the thread that raced in saw it, taken on that thread at that moment;
 * turned into a finding later, off that thread.
 *
 * @param operation what the thread that raced in called
 * @param subject what it raced into
 * @param thread the thread that raced in
 * @param other the thread that was inside, when known
 * @param otherActivity what the other thread was doing
 * @param lost whether the signal was dropped
 * @param consequence what follows from the race
 * @param stack where the thread that raced in was
 * @param otherStack where the other thread was, or {@code null} when not taken
 * @param time when it happened
 * @param trace the trace the thread that raced in worked for, or {@code null}
 */
record Race(String operation, RaceSubject subject, Thread thread, Thread other, String otherActivity, boolean lost,
		String consequence, Throwable stack, StackTraceElement[] otherStack, Instant time, Object trace) {

	/**
	 * The race the current thread has just run into.
	 */
	static Race now(String operation, RaceSubject subject, Thread other, String otherActivity, boolean lost,
			String consequence) {
		StackTraceElement[] otherStack = null;
		if (other != null && other != Thread.currentThread() && subject.mayTakeOtherStack()) {
			otherStack = other.getStackTrace();
		}
		return new Race(operation, subject, Thread.currentThread(), other, otherActivity, lost, consequence,
				new Here(), otherStack, Instant.now(), null);
	}

	/**
	 * The stack of the thread that raced in, rendered only for a report.
	 */
	private static final class Here extends Throwable {

		Here() {
			super("raced in here", null, false, true);
		}

	}

}
