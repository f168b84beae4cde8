package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.Arrays;

/**
 * The recent lags of a probed event loop: how late each probe task ran. Keeps the
 * last samples in a ring; writes come a few dozen times a second, so a lock is fine.
 */
public final class LagRecorder {

	private static final int SAMPLES = 1024;

	/** How far back {@link Lag#lastSecond()} looks. */
	private static final long LAST_SECOND_NANOS = 1_000_000_000L;

	private final long[] ring = new long[SAMPLES];

	/** When each sample of {@link #ring} was recorded, as {@link System#nanoTime()}. */
	private final long[] recordedAt = new long[SAMPLES];

	private int next;

	private int size;

	public synchronized void record(long lagNanos) {
		this.ring[this.next] = lagNanos;
		this.recordedAt[this.next] = System.nanoTime();
		this.next = (this.next + 1) % SAMPLES;
		this.size = Math.min(this.size + 1, SAMPLES);
	}

	/**
	 * The recent maximum and 99th percentile, or {@code null} before the first sample.
	 */
	public synchronized Lag recent() {
		if (this.size == 0) {
			return null;
		}
		long since = System.nanoTime() - LAST_SECOND_NANOS;
		long lastSecond = 0;
		for (int i = 0; i < this.size; i++) {
			if (this.recordedAt[i] - since >= 0) {
				lastSecond = Math.max(lastSecond, this.ring[i]);
			}
		}
		long[] sorted = Arrays.copyOf(this.ring, this.size);
		Arrays.sort(sorted);
		int p99 = (int) Math.ceil(0.99 * sorted.length) - 1;
		return new Lag(Duration.ofNanos(sorted[sorted.length - 1]), Duration.ofNanos(sorted[p99]),
				Duration.ofNanos(sorted[(sorted.length - 1) / 2]), sorted.length, Duration.ofNanos(lastSecond));
	}

	/**
	 * Recent lag of an event loop.
	 *
	 * @param max the longest recent lag
	 * @param p99 the 99th percentile
	 * @param p50 the median
	 * @param samples how many probes these figures cover
	 * @param lastSecond the longest lag of the probes that ran in the last second, zero
	 * when none ran: what a chart sampled every second or so plots, so that a stall
	 * shows with its size and its end rather than as the recent maximum
	 */
	public record Lag(Duration max, Duration p99, Duration p50, int samples, Duration lastSecond) {
	}

}
