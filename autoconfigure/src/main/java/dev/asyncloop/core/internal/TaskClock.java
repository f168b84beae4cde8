package dev.asyncloop.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The clock tracked tasks read: the {@link System#nanoTime()} of the watchdog's last
 * tick, so that a task's own thread never reads the system clock. As Go's runtime
 * finds goroutines that run too long without timing each one, the watchdog, which
 * wakes every few milliseconds anyway, keeps the time for everybody.
 *
 * <p>A time read here is at most one tick (a tenth of the shortest threshold, 10 ms at
 * most) before the true time, unless the watchdog is held up. Sums of many durations
 * (busy time, queue delay) are right on average: a short task spans a tick as often as
 * its length makes likely. Whether a run crossed its threshold is judged from when it
 * most likely began, which the watchdog knows from when each of its ticks happened (see
 * {@link #startOf}); such a run's end is read from the system clock by its thread (the
 * only read, and only for such runs), and its duration counts from the tick its start
 * read: never short of the truth, over it by less than the time between two ticks.
 *
 * <p>While no watchdog ticks (not started yet, stopped) tasks read the system clock.
 */
public final class TaskClock extends TaskClockPadding {

	private static final VarHandle TICK;

	static {
		try {
			TICK = MethodHandles.lookup().findVarHandle(TaskClock.class, "tick", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Ticks remembered for {@link #startOf}: at 10 ms a tick, the last ten seconds. */
	private static final int REMEMBERED = 1024;

	/** The time of the last tick, or {@code 0} while no watchdog ticks. */
	@SuppressWarnings("unused") // accessed through TICK
	private long tick;

	@SuppressWarnings("unused")
	private long after0, after1, after2, after3, after4, after5, after6, after7;

	// Owned by the watchdog: the times of the last ticks, oldest first from `next`.
	private final long[] ticks = new long[REMEMBERED];

	private int next;

	private int count;

	/**
	 * The time, as {@link System#nanoTime()} measures it, to the watchdog's last tick.
	 */
	public long now() {
		long tick = (long) TICK.getOpaque(this);
		return (tick != 0) ? tick : System.nanoTime();
	}

	/**
	 * On the watchdog, as a tick begins: the time is {@code nanoTime} now.
	 */
	void tick(long nanoTime) {
		long tick = (nanoTime != 0) ? nanoTime : 1;
		this.ticks[this.next] = tick;
		this.next = (this.next + 1) % REMEMBERED;
		this.count = Math.min(this.count + 1, REMEMBERED);
		TICK.setOpaque(this, tick);
	}

	/**
	 * On the watchdog, as it stops: tasks read the system clock again.
	 */
	void stop() {
		TICK.setOpaque(this, 0L);
	}

	/**
	 * On the watchdog: when a run whose start read {@code read} from this clock most
	 * likely began, given that the watchdog's time is {@code now}. A run that read a
	 * tick began between it and the next one, so halfway is at most half a tick off.
	 * When the next one came late (the watchdog was held up), the run is counted from
	 * the next one: its length is then not overstated, only understated by up to that
	 * delay. A value that is no remembered tick was read from the system clock and is
	 * exact.
	 * @param tickNanos the watchdog's usual interval between ticks
	 */
	long startOf(long read, long now, long tickNanos) {
		int index = indexOf(read);
		if (index < 0) {
			return read;
		}
		long following = (index + 1 < this.count) ? this.ticks[(oldest() + index + 1) % REMEMBERED] : now;
		long gap = following - read;
		return (gap <= 2 * tickNanos) ? read + gap / 2 : following;
	}

	/** Where {@code read} is among the remembered ticks, counted from the oldest; -1 if it is none of them. */
	private int indexOf(long read) {
		int low = 0;
		int high = this.count - 1;
		int oldest = oldest();
		while (low <= high) {
			int middle = (low + high) >>> 1;
			long tick = this.ticks[(oldest + middle) % REMEMBERED];
			if (tick - read < 0) {
				low = middle + 1;
			}
			else if (tick - read > 0) {
				high = middle - 1;
			}
			else {
				return middle;
			}
		}
		return -1;
	}

	private int oldest() {
		return (this.count < REMEMBERED) ? 0 : this.next;
	}

}

/**
 * The lines before the tick, read by every task's thread, so that no other object's
 * fields written often share them.
 */
abstract class TaskClockPadding {

	@SuppressWarnings("unused")
	private long before0, before1, before2, before3, before4, before5, before6, before7;

}
