package dev.asyncloop.scheduling;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Latches that tasks under test wait on.
 */
final class Latches {

	private Latches() {
	}

	/**
	 * Waits, inside a task, until {@code latch} opens (ten seconds at most, so that a
	 * failed test never holds a pool's thread for good); an interrupt ends the wait and
	 * is kept.
	 */
	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
