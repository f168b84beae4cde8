package dev.asyncloop.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one thread is running right now, readable by the watchdog without locks.
 *
 * <p>The owning thread writes {@link #current} with release semantics when a task
 * starts and ends (a plain store on x86); the watchdog reads it with acquire
 * semantics and so also sees the task's start time. Everything else in here is
 * owned by one of the two threads.
 */
public final class ThreadSlot {

	private static final VarHandle CURRENT;

	private static final VarHandle REPORTED_RUN;

	static {
		try {
			CURRENT = MethodHandles.lookup().findVarHandle(ThreadSlot.class, "current", TrackedTask.class);
			REPORTED_RUN = MethodHandles.lookup().findVarHandle(ThreadSlot.class, "reportedRun", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Thread thread;

	/** The executor owning the thread; resolved on first need for threads asyncloop did not create. */
	private ExecutorMonitor executor;

	@SuppressWarnings("unused") // accessed through CURRENT
	private TrackedTask current;

	// Owned by the slot's thread: the counters of the executor it last ran a task for.
	private ExecutorMonitor countedExecutor;

	private TaskCounters counters;

	// Owned by the slot's thread: the running task failed though nothing was thrown.
	private boolean failedQuietly;

	// Written by the watchdog: the start of the run it has already reported as slow.
	@SuppressWarnings("unused") // accessed through REPORTED_RUN
	private long reportedRun;

	ThreadSlot(Thread thread, ExecutorMonitor executor) {
		this.thread = thread;
		this.executor = executor;
	}

	/**
	 * The thread this slot belongs to.
	 */
	public Thread thread() {
		return this.thread;
	}

	/**
	 * The executor owning this thread if it is known yet, from any thread.
	 */
	ExecutorMonitor knownExecutor() {
		return this.executor;
	}

	/**
	 * The executor that owns this thread, once resolved. Called by the owning thread only.
	 */
	void setExecutor(ExecutorMonitor executor) {
		this.executor = executor;
	}

	/**
	 * The task running on this thread, read from the owning thread.
	 */
	TrackedTask current() {
		return (TrackedTask) CURRENT.get(this);
	}

	/**
	 * The task running on this thread, read from any other thread.
	 */
	public TrackedTask running() {
		return (TrackedTask) CURRENT.getAcquire(this);
	}

	void enter(TrackedTask task) {
		CURRENT.setRelease(this, task);
	}

	void exit(TrackedTask outer) {
		CURRENT.setRelease(this, outer);
	}

	void failedQuietly() {
		this.failedQuietly = true;
	}

	/**
	 * Whether the task that ends now failed quietly; forgets it for the next one.
	 */
	boolean takeFailedQuietly() {
		boolean failed = this.failedQuietly;
		if (failed) {
			this.failedQuietly = false;
		}
		return failed;
	}

	/**
	 * The start of the run the watchdog has reported as slow while it ran, read from any thread.
	 */
	long reportedRun() {
		return (long) REPORTED_RUN.getOpaque(this);
	}

	/**
	 * On the watchdog: the run that started at {@code startedAt} is reported as slow.
	 */
	void reported(long startedAt) {
		REPORTED_RUN.setOpaque(this, startedAt);
	}

	TaskCounters counters(ExecutorMonitor executor) {
		if (executor != this.countedExecutor) {
			this.counters = executor.countersFor(this);
			this.countedExecutor = executor;
		}
		return this.counters;
	}

	@Override
	public String toString() {
		return "slot of " + this.thread.getName();
	}

}
