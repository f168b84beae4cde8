package dev.asyncloop.actuate;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.NamedTask;

/**
 * Tasks that block their thread until released: a slow callback, a running task to
 * look at, or one still running when its application closes, on demand. Closing
 * releases them, so that no test leaves a thread blocked. In the package of the
 * endpoint tests' applications, so that a held task is their application's code:
 * framework code stalling somewhere for the first time would be warm-up.
 */
public final class HeldTasks implements AutoCloseable {

	private final CountDownLatch release = new CountDownLatch(1);

	private final Semaphore started = new Semaphore(0);

	/**
	 * A task that blocks until released, reported as {@code name}.
	 */
	public Runnable named(String name) {
		return NamedTask.named(name, this::hold);
	}

	/**
	 * Blocks the calling thread until released.
	 */
	public void hold() {
		this.started.release();
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether {@code count} tasks have started holding, waiting up to five seconds.
	 */
	public boolean awaitStarted(int count) throws InterruptedException {
		return this.started.tryAcquire(count, 5, TimeUnit.SECONDS);
	}

	public void release() {
		this.release.countDown();
	}

	@Override
	public void close() {
		release();
	}

}
