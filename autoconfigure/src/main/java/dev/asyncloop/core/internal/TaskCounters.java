package dev.asyncloop.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Task statistics of one executor on one thread. Only that thread writes them, so an
 * update is a few plain stores instead of contended atomic operations; readers sum
 * the cells of an executor off the hot path.
 */
final class TaskCounters extends TaskCountersPadding {

	private static final VarHandle COMPLETED;

	private static final VarHandle FAILED;

	private static final VarHandle BUSY;

	private static final VarHandle DELAY;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			COMPLETED = lookup.findVarHandle(TaskCounters.class, "completed", long.class);
			FAILED = lookup.findVarHandle(TaskCounters.class, "failed", long.class);
			BUSY = lookup.findVarHandle(TaskCounters.class, "busyNanos", long.class);
			DELAY = lookup.findVarHandle(TaskCounters.class, "delayNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private long completed;

	private long failed;

	private long busyNanos;

	private long delayNanos;

	/**
	 * Records one finished run. Called by the owning thread only: opaque writes keep
	 * the values untorn and visible to readers without ordering costs.
	 */
	void record(long durationNanos, long delayNanos, boolean succeeded) {
		if (succeeded) {
			COMPLETED.setOpaque(this, this.completed + 1);
		}
		else {
			FAILED.setOpaque(this, this.failed + 1);
		}
		BUSY.setOpaque(this, this.busyNanos + durationNanos);
		if (delayNanos > 0) {
			DELAY.setOpaque(this, this.delayNanos + delayNanos);
		}
	}

	long completed() {
		return (long) COMPLETED.getOpaque(this);
	}

	long failed() {
		return (long) FAILED.getOpaque(this);
	}

	long busyNanos() {
		return (long) BUSY.getOpaque(this);
	}

	long delayNanos() {
		return (long) DELAY.getOpaque(this);
	}

	void addTo(TaskStats.Builder totals) {
		totals.add(completed(), failed(), busyNanos(), delayNanos());
	}

	// Cells of one executor's threads are made one after the other and would share a
	// cache line: each thread's writes would then slow the others down. Fields of a
	// superclass are laid out first, and these come after: a cell owns its lines.

	@SuppressWarnings("unused")
	private long after0, after1, after2, after3, after4, after5, after6, after7;

}

/**
 * The lines before a {@link TaskCounters} cell, so that no other object's fields share them.
 */
abstract class TaskCountersPadding {

	@SuppressWarnings("unused")
	private long before0, before1, before2, before3, before4, before5, before6, before7;

}
