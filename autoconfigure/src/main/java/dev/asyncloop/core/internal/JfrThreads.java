package dev.asyncloop.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The threads of one event's finding, looked up by name: first among the live
 * threads that ran the engine's tracked tasks, since two applications in one JVM
 * (tests, for one) each have an {@code asyncloop-loop-1}; then among all live
 * threads, for threads the engine watches without tracking (Netty's event loops).
 * A name that two threads share there does not tell which one the finding was
 * about: no thread then, the name only.
 */
final class JfrThreads {

	private final ThreadSlots tracked;

	private List<Thread> live;

	/**
	 * @param tracked the engine's threads, or {@code null} to look among all threads only
	 */
	JfrThreads(ThreadSlots tracked) {
		this.tracked = tracked;
	}

	Thread named(String name) {
		if (name == null) {
			return null;
		}
		if (this.tracked != null) {
			List<Thread> threads = new ArrayList<>();
			for (ThreadSlot slot : this.tracked.all()) {
				if (slot.thread().isAlive()) {
					threads.add(slot.thread());
				}
			}
			Thread thread = only(name, threads);
			if (thread != null) {
				return thread;
			}
		}
		if (this.live == null) {
			this.live = ThreadSlots.liveThreads();
		}
		return only(name, this.live);
	}

	private static Thread only(String name, List<Thread> threads) {
		Thread found = null;
		for (Thread thread : threads) {
			if (name.equals(thread.getName())) {
				if (found != null) {
					return null;
				}
				found = thread;
			}
		}
		return found;
	}

}
