package dev.asyncloop.blocking;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.ThreadSlots;

/**
 * Finds the executor of the thread a JFR event names by id. A thread that ran a
 * tracked task has a thread slot; any other (an event loop that never did) is
 * looked up among the live threads, at most once a second, and remembered weakly.
 */
final class ThreadDirectory {

	private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final ThreadSlots slots;

	private final Map<Long, WeakReference<Thread>> threads = new ConcurrentHashMap<>();

	private long lastRefresh;

	ThreadDirectory(ThreadSlots slots) {
		this.slots = slots;
	}

	/**
	 * The non-blocking executor owning the thread with id {@code threadId}, or {@code null}
	 * when the thread may block (or is unknown).
	 */
	ExecutorMonitor nonBlockingExecutor(long threadId) {
		Thread thread = thread(threadId);
		if (thread == null) {
			return null;
		}
		ExecutorMonitor executor = this.slots.executorOf(thread);
		return (executor != null && executor.kind() == ExecutorKind.NON_BLOCKING) ? executor : null;
	}

	private Thread thread(long threadId) {
		Thread known = this.slots.threadOf(threadId);
		if (known != null) {
			return known;
		}
		WeakReference<Thread> cached = this.threads.get(threadId);
		Thread thread = (cached != null) ? cached.get() : null;
		if (thread == null && refreshAllowed()) {
			refresh();
			cached = this.threads.get(threadId);
			thread = (cached != null) ? cached.get() : null;
		}
		return thread;
	}

	private synchronized boolean refreshAllowed() {
		long now = System.nanoTime();
		if (now - this.lastRefresh < REFRESH_NANOS) {
			return false;
		}
		this.lastRefresh = now;
		return true;
	}

	private void refresh() {
		this.threads.values().removeIf((reference) -> reference.get() == null);
		for (Thread thread : ThreadSlots.liveThreads()) {
			this.threads.put(thread.getId(), new WeakReference<>(thread));
		}
	}

}
