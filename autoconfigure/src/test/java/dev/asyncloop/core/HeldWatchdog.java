package dev.asyncloop.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.internal.Engine;

/**
 * Holds an engine's watchdog inside one of its checks until closed, as a long pause or
 * a busy machine would: no look, no tick of the tasks' clock, meanwhile.
 */
public final class HeldWatchdog implements AutoCloseable {

	private final Engine engine;

	private final CountDownLatch release = new CountDownLatch(1);

	private final Runnable hold;

	private HeldWatchdog(Engine engine, CountDownLatch held) {
		this.engine = engine;
		this.hold = () -> {
			held.countDown();
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	/**
	 * Returns once the watchdog of {@code engine} is held.
	 */
	public static HeldWatchdog hold(Engine engine) throws InterruptedException {
		CountDownLatch held = new CountDownLatch(1);
		HeldWatchdog watchdog = new HeldWatchdog(engine, held);
		engine.addWatchdogCheck(watchdog.hold);
		if (!held.await(10, TimeUnit.SECONDS)) {
			watchdog.close();
			throw new IllegalStateException("The watchdog did not run its checks within 10 s");
		}
		return watchdog;
	}

	@Override
	public void close() {
		this.engine.removeWatchdogCheck(this.hold);
		this.release.countDown();
	}

}
