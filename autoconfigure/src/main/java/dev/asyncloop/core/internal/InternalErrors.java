package dev.asyncloop.core.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures of asyncloop's own instrumentation. The user's task is never affected:
 * the first failures are logged with their stack, later ones only counted.
 */
public final class InternalErrors {

	/** Failures logged with their stack; past these, one line per thousand. */
	private static final int LOGGED = 10;

	private final AtomicLong count = new AtomicLong();

	private final System.Logger logger;

	public InternalErrors(System.Logger logger) {
		this.logger = logger;
	}

	/**
	 * Reports that asyncloop failed while {@code doing} something; never throws.
	 */
	public void report(String doing, Throwable ex) {
		long count = this.count.incrementAndGet();
		try {
			if (count <= LOGGED) {
				this.logger.log(Level.WARNING,
						"asyncloop failed while " + doing + "; the task itself was not affected", ex);
			}
			else if (count % 1000 == 0) {
				this.logger.log(Level.WARNING, "asyncloop failed " + count + " times in its own instrumentation; "
						+ "tasks were not affected. Last failure: " + ex);
			}
		}
		catch (Throwable ignored) {
			// Reporting must never fail the caller.
		}
	}

	/**
	 * How many failures were reported.
	 */
	public long count() {
		return this.count.get();
	}

}
