package dev.asyncloop.core.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingListener;

/**
 * One listener's findings, handed to it on a thread of its own, in the order they
 * were made: a listener that is slow or throws delays and silences only itself, never
 * the watchdog that makes findings nor the other listeners. At most {@value #CAPACITY}
 * findings wait for it; past that, new ones are not handed to it and are counted. Its
 * failures are logged naming it, the first {@value #FAILURES_LOGGED} with their stack.
 * Its thread starts with its first finding, so a quiet application has none.
 */
final class ListenerHandOff {

	/** Findings that may wait for one listener. */
	static final int CAPACITY = 1024;

	private static final int FAILURES_LOGGED = 10;

	private final FindingListener listener;

	private final System.Logger logger;

	private final BlockingQueue<Runnable> waiting = new ArrayBlockingQueue<>(CAPACITY);

	/** Calls handed to the queue so far. */
	private final AtomicLong handed = new AtomicLong();

	/** Calls made so far; written by the listener's thread, under this object's lock. */
	private long delivered;

	private final AtomicLong dropped = new AtomicLong();

	/** Failures of the listener; its thread only. */
	private long failures;

	private Thread thread;

	private volatile boolean closed;

	ListenerHandOff(FindingListener listener, System.Logger logger) {
		this.listener = listener;
		this.logger = logger;
	}

	FindingListener listener() {
		return this.listener;
	}

	void recorded(Finding finding) {
		hand(() -> this.listener.recorded(finding));
	}

	void updated(Finding previous, Finding current) {
		hand(() -> this.listener.updated(previous, current));
	}

	private void hand(Runnable call) {
		if (this.closed) {
			return;
		}
		this.handed.incrementAndGet();
		if (!this.waiting.offer(call)) {
			this.handed.decrementAndGet();
			this.dropped.incrementAndGet();
			return;
		}
		startIfNeeded();
	}

	private synchronized void startIfNeeded() {
		if (this.thread == null && !this.closed) {
			this.thread = new Thread(this::deliver, "asyncloop-listener-" + this.listener.getClass().getSimpleName());
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	private void deliver() {
		while (true) {
			Runnable call;
			try {
				call = this.waiting.take(); // an idle listener's thread only waits
			}
			catch (InterruptedException ex) {
				return; // closed
			}
			try {
				call.run();
			}
			catch (Throwable ex) {
				failed(ex);
			}
			synchronized (this) {
				this.delivered++;
				notifyAll();
			}
		}
	}

	private void failed(Throwable ex) {
		long count = ++this.failures;
		try {
			if (count <= FAILURES_LOGGED) {
				this.logger.log(Level.WARNING, "Finding listener " + this.listener
						+ " failed; the finding is kept and other listeners were told", ex);
			}
			else if (count % 1000 == 0) {
				this.logger.log(Level.WARNING, "Finding listener " + this.listener + " failed " + count
						+ " times; last failure: " + ex);
			}
		}
		catch (Throwable ignored) {
			// Logging must not stop the hand-off.
		}
	}

	/**
	 * Waits until the listener was given every finding handed to it before this call,
	 * or until {@code deadline} ({@link System#nanoTime()} terms).
	 * @return whether it was
	 */
	synchronized boolean awaitDelivered(long deadline) {
		long target = this.handed.get();
		while (this.delivered < target) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * Gives the listener what waits for it until {@code deadline}, then lets its thread
	 * go; says how many findings it did not get, if any.
	 */
	void close(long deadline) {
		boolean caughtUp = awaitDelivered(deadline);
		Thread thread;
		synchronized (this) {
			this.closed = true;
			thread = this.thread;
		}
		if (thread != null) {
			thread.interrupt();
		}
		long missed = this.dropped.get() + (caughtUp ? 0 : this.waiting.size());
		if (missed > 0) {
			this.logger.log(Level.WARNING, "Finding listener " + this.listener + " was not given " + missed
					+ " findings: it fell " + CAPACITY + " behind or was still busy at shutdown");
		}
	}

}
