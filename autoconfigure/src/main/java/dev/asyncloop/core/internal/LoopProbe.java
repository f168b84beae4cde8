package dev.asyncloop.core.internal;

/**
 * A no-op task posted to an event loop by {@link EventLoopProbes}: how late it runs is
 * the loop's lag, and a probe that does not run for a while means a stall.
 */
final class LoopProbe implements Runnable {

	/** {@link System#nanoTime()} when it was posted. */
	final long postedAt;

	/** The loop's thread, once the probe ran; written before {@link #ranAt}. */
	volatile Thread ranOn;

	/** {@link System#nanoTime()} when it ran, {@code 0} before. */
	volatile long ranAt;

	LoopProbe(long postedAt) {
		this.postedAt = postedAt;
	}

	@Override
	public void run() {
		this.ranOn = Thread.currentThread();
		this.ranAt = System.nanoTime();
	}

	@Override
	public String toString() {
		return "asyncloop event-loop probe";
	}

}
