package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.Arrays;

/**
 * The recent lags of a probed event loop: how late each probe task ran. Keeps the
 * last samples in a ring; writes come a few dozen times a second, so a lock is fine.
 */
public final class LagRecorder {

	private static final int SAMPLES = 1024;

	private final long[] ring = new long[SAMPLES];

	private int next;

	private int size;

	public synchronized void record(long lagNanos) {
		this.ring[this.next] = lagNanos;
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
		long[] sorted = Arrays.copyOf(this.ring, this.size);
		Arrays.sort(sorted);
		int p99 = (int) Math.ceil(0.99 * sorted.length) - 1;
		return new Lag(Duration.ofNanos(sorted[sorted.length - 1]), Duration.ofNanos(sorted[p99]),
				Duration.ofNanos(sorted[(sorted.length - 1) / 2]), sorted.length);
	}

	/**
	 * Recent lag of an event loop.
	 *
	 * @param max the longest recent lag
	 * @param p99 the 99th percentile
	 * @param p50 the median
	 * @param samples how many probes these figures cover
	 */
	public record Lag(Duration max, Duration p99, Duration p50, int samples) {
	}

}
