package dev.asyncloop.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The slot of every thread that runs tracked tasks: what each is running now, and
 * the executor it runs tasks for. It adds nothing per task: a running task is in its
 * thread's slot, a queued one in its executor's queue (seen through the executor's
 * {@link QueueView} on request). Slots are registered once per thread.
 */
public final class ThreadSlots {

	/** Slots by thread id: ids are unique for the JVM's life, and JFR events carry them. */
	private final Map<Long, ThreadSlot> slots = new ConcurrentHashMap<>();

	/** Slots of threads asyncloop did not create, set on their first tracked task. */
	private final ThreadLocal<ThreadSlot> foreignSlots = new ThreadLocal<>();

	private final ExecutorDirectory executors;

	public ThreadSlots(ExecutorDirectory executors) {
		this.executors = executors;
	}

	/**
	 * Creates a thread for {@code executor} whose slot is known without lookups.
	 */
	public Thread newThread(ExecutorMonitor executor, ThreadGroup group, Runnable target, String name) {
		return new AsyncLoopThread(this, executor, group, target, name);
	}

	ThreadSlot register(Thread thread, ExecutorMonitor executor) {
		ThreadSlot slot = new ThreadSlot(thread, executor);
		this.slots.put(thread.getId(), slot);
		return slot;
	}

	/**
	 * The slot of the calling thread, created on its first task.
	 */
	ThreadSlot currentSlot() {
		ThreadSlot slot = knownSlot();
		if (slot == null) {
			slot = register(Thread.currentThread(), null);
			this.foreignSlots.set(slot);
		}
		return slot;
	}

	/**
	 * The slot of the calling thread if it has one; registers nothing.
	 */
	private ThreadSlot knownSlot() {
		Thread thread = Thread.currentThread();
		return (thread instanceof AsyncLoopThread own && own.slots() == this) ? own.slot() : this.foreignSlots.get();
	}

	/**
	 * The executor {@code slot}'s thread runs tasks for, resolved on its first task
	 * when asyncloop did not create it. Called by that thread only.
	 */
	ExecutorMonitor resolveExecutor(ThreadSlot slot) {
		ExecutorMonitor executor = slot.knownExecutor();
		if (executor == null) {
			executor = this.executors.resolveOrUnknown(slot.thread());
			slot.setExecutor(executor);
		}
		return executor;
	}

	/**
	 * The task running on the calling thread, or {@code null}. Registers nothing.
	 */
	public TrackedTask currentTask() {
		ThreadSlot slot = knownSlot();
		return (slot != null) ? slot.current() : null;
	}

	/**
	 * The task running on the calling thread failed, though its exception was handed to
	 * a future or an error handler instead of thrown: its run counts as failed. Does
	 * nothing outside a tracked task.
	 */
	public void currentTaskFailed() {
		ThreadSlot slot = knownSlot();
		if (slot != null && slot.current() != null) {
			slot.failedQuietly();
		}
	}

	/**
	 * The executor that owns {@code thread}: the one whose tasks it runs, or the one a
	 * resolver assigns it; {@code null} when nobody claims the thread. A resolver may
	 * register the executor it assigns, as Reactor's does on first need.
	 */
	public ExecutorMonitor executorOf(Thread thread) {
		ThreadSlot slot = this.slots.get(thread.getId());
		if (slot != null && slot.thread() == thread) {
			ExecutorMonitor known = slot.knownExecutor();
			if (known != null) {
				return known;
			}
		}
		return this.executors.resolve(thread);
	}

	/**
	 * The thread with id {@code threadId} if it ever ran a tracked task, or {@code null}.
	 */
	public Thread threadOf(long threadId) {
		ThreadSlot slot = this.slots.get(threadId);
		return (slot != null) ? slot.thread() : null;
	}

	/**
	 * The task running on the thread with id {@code threadId}, or {@code null}.
	 */
	public TrackedTask runningOn(long threadId) {
		ThreadSlot slot = this.slots.get(threadId);
		return (slot != null) ? slot.running() : null;
	}

	/**
	 * The tasks of {@code executor} running now.
	 */
	public List<TrackedTask> runningTasks(ExecutorMonitor executor) {
		List<TrackedTask> running = new ArrayList<>();
		for (ThreadSlot slot : this.slots.values()) {
			TrackedTask task = slot.running();
			if (task != null && task.executor() == executor) {
				running.add(task);
			}
		}
		return running;
	}

	Collection<ThreadSlot> all() {
		return this.slots.values();
	}

	/**
	 * Forgets the slots of threads that ended, keeping their counts.
	 */
	void pruneEndedThreads() {
		List<ThreadSlot> ended = new ArrayList<>();
		for (ThreadSlot slot : this.slots.values()) {
			if (!slot.thread().isAlive()) {
				ended.add(slot);
			}
		}
		for (ThreadSlot slot : ended) {
			this.slots.remove(slot.thread().getId(), slot);
			for (ExecutorMonitor executor : this.executors.all()) {
				executor.retire(slot);
			}
		}
	}

	public void clear() {
		this.slots.clear();
	}

	/**
	 * Every live platform thread of the JVM; for lookups on request, never per task.
	 */
	public static List<Thread> liveThreads() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] all = new Thread[root.activeCount() * 2 + 16];
		int count = root.enumerate(all, true);
		return Arrays.asList(all).subList(0, count);
	}

}
