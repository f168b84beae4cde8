package dev.asyncloop.scheduling;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.internal.ThreadSlots;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * The worker's queue, which tells asyncloop when one of the worker's threads is about
 * to wait for work: a thread that finds a task waiting takes it without a wait, so the
 * clock reading that ended its last task can stand for the start of this one (see
 * {@link dev.asyncloop.core.internal.ExecutorMonitor#knowsBackToBack()}). Taking a task
 * costs the same as in a plain {@link LinkedBlockingQueue}; an empty queue costs one
 * more look before the thread waits, which it was about to do anyway.
 */
final class WorkerQueue extends LinkedBlockingQueue<Runnable> {

	private static final long serialVersionUID = 1L;

	private final transient ThreadSlots threads;

	WorkerQueue(int capacity, ThreadSlots threads) {
		super(capacity);
		this.threads = threads;
	}

	@Override
	public Runnable take() throws InterruptedException {
		Runnable next = poll();
		if (next == null) {
			this.threads.currentThreadWaits();
			next = super.take();
		}
		return checked(next);
	}

	@Override
	public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
		Runnable next = poll();
		if (next == null) {
			this.threads.currentThreadWaits();
			next = super.poll(timeout, unit);
		}
		return (next != null) ? checked(next) : null;
	}

	/**
	 * A task asyncloop does not track (given to the pool behind the worker's back) runs
	 * between the last tracked task and the next: the next one's start is read.
	 */
	private Runnable checked(Runnable next) {
		if (!(next instanceof TrackedTask)) {
			this.threads.currentThreadWaits();
		}
		return next;
	}

}
