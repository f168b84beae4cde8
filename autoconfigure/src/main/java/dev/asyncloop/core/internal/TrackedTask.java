package dev.asyncloop.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.asyncloop.core.ExecutorKind;

/**
 * One submitted task as asyncloop sees it: the record of the task and the wrapper
 * that runs it. Executors queue this object itself, so the live-task registry needs
 * no structure of its own: queued tasks are in the executor's queue, running ones in
 * the {@link ThreadSlot} of their thread.
 *
 * <p>Hot path: {@link #run()} reads the {@link TaskClock} the watchdog keeps (a field,
 * not the system clock) at start and end, writes a few fields and one slot reference.
 * No lock, no stack capture, nothing allocated. Only a run that may have crossed its
 * threshold reads the system clock as it ends, for its exact end. Everything else
 * (detection, naming, stacks, logging) happens on the watchdog thread or on request.
 * A failure inside this bookkeeping is reported and never fails, skips or repeats the
 * user's task.
 */
public abstract class TrackedTask implements Runnable {

	private static final VarHandle ID;

	static {
		try {
			ID = MethodHandles.lookup().findVarHandle(TrackedTask.class, "id", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final TaskTracking tracking;

	/** The executor, or {@code null} until the task runs when only its thread tells. */
	private ExecutorMonitor executor;

	/** What the user submitted, for naming; never run through this reference. */
	private final Object source;

	/** Where the task was submitted and the trace it was submitted in: see {@link TaskOrigins}. */
	private final Object origin;

	/** When the task was submitted, on {@link System#nanoTime()}'s scale; {@code 0} until its start stands for it. */
	private long submittedAt;

	/** Start of the current or last run; written by the running thread only. */
	private long startedAt;

	/** Assigned the first time a report shows this task. */
	private volatile int id;

	private volatile String name;

	protected TrackedTask(TaskTracking tracking, ExecutorMonitor executor, Object source) {
		this(tracking, executor, source, tracking.clock().now());
	}

	/**
	 * A task whose submission time the caller already knows (as {@link TaskClock#now()}
	 * or {@link System#nanoTime()}); {@code 0} for an executor that tells when the task
	 * is due once it starts.
	 */
	protected TrackedTask(TaskTracking tracking, ExecutorMonitor executor, Object source, long submittedAt) {
		this.tracking = tracking;
		this.executor = executor;
		this.source = source;
		this.submittedAt = submittedAt;
		Throwable creationSite = tracking.settings().isDebug() ? tracking.creationSites().of(source) : null;
		this.origin = TaskOrigins.of(creationSite, tracking.traces().current());
	}

	/**
	 * A task whose executor is only known once it runs, from the thread it runs on,
	 * with its submission time given ({@code 0}: not read, and its start stands for it,
	 * with no queue delay).
	 */
	protected TrackedTask(TaskTracking tracking, Object source, long submittedAt) {
		this(tracking, null, source, submittedAt);
	}

	/**
	 * Runs the user's work. Returns {@code false} when it failed but the failure was
	 * captured (by a future) instead of thrown; see also
	 * {@link ThreadSlots#currentTaskFailed()}.
	 */
	protected abstract boolean runTask();

	/**
	 * How long this task waited past the moment it became due, given that it starts
	 * at {@code startNanos}. By default the time since it was submitted.
	 */
	protected long queueDelay(long startNanos) {
		return startNanos - this.submittedAt;
	}

	/**
	 * How long until this task is due; positive for a task scheduled in the future.
	 */
	public long delayNanos() {
		return 0;
	}

	/**
	 * Whether this task is tracked when it runs inside {@code outer}, another tracked
	 * task on the same thread. By default it is (a nested run is its own task).
	 */
	protected boolean tracksInside(TrackedTask outer) {
		return true;
	}

	@Override
	public final void run() {
		ThreadSlot slot = null;
		TrackedTask outer = null;
		long start = 0;
		long delay = 0;
		try {
			slot = this.tracking.threads().currentSlot();
			outer = slot.current();
			if (outer != null && !tracksInside(outer)) {
				slot = null;
			}
			else {
				if (this.executor == null) {
					this.executor = this.tracking.threads().resolveExecutor(slot);
				}
				else if (slot.knownExecutor() == null && this.executor.kind() == ExecutorKind.NON_BLOCKING) {
					// A thread asyncloop did not create, of a scheduler: its tasks never run
					// inline elsewhere, so the thread is the scheduler's (blocking calls on it count).
					slot.setExecutor(this.executor);
				}
				start = this.tracking.clock().now();
				delay = queueDelay(start);
				if (this.submittedAt == 0) {
					this.submittedAt = start - delay; // not read when it was submitted: its start stands for it
				}
				this.startedAt = start;
				slot.enter(this);
			}
		}
		catch (Throwable ex) {
			slot = null;
			this.tracking.errors().report("starting " + this.getClass().getSimpleName(), ex);
		}
		boolean succeeded = false;
		try {
			succeeded = runTask();
		}
		finally {
			if (slot != null) {
				exit(slot, outer, start, delay, succeeded);
			}
		}
	}

	private void exit(ThreadSlot slot, TrackedTask outer, long start, long delay, boolean succeeded) {
		try {
			long end = this.tracking.clock().now();
			long duration = Math.max(0, end - start); // the clock may switch to ticks during a run
			ExecutorMonitor executor = this.executor;
			long threshold = executor.thresholdNanos();
			// The clock's times are up to a tick early: a run that may have crossed its
			// threshold, or one reported as it ran, reads its exact end for the watchdog.
			boolean mayBeSlow = duration >= threshold - (threshold >> 2) || slot.reportedRun() == start;
			if (mayBeSlow) {
				end = System.nanoTime();
			}
			slot.exit(outer);
			// Taken whether or not the task threw: a flag left behind would count the next task failed.
			boolean failedQuietly = slot.takeFailedQuietly();
			slot.counters(executor).record(duration, delay, succeeded && !failedQuietly);
			if (mayBeSlow) {
				this.tracking.slowRuns().ended(this, slot.thread(), start, end, threshold);
			}
		}
		catch (Throwable ex) {
			this.tracking.errors().report("ending " + this.getClass().getSimpleName(), ex);
		}
	}

	/**
	 * Reports {@code ex}, which no future holds (the task was given to {@code execute}),
	 * as an exception nobody can ever retrieve, once its grace period is over. Never
	 * throws: the thread goes on to its next task.
	 */
	protected final void failedUnretrievably(Throwable ex) {
		try {
			this.tracking.failures().failed(this, ex);
		}
		catch (Throwable failure) {
			this.tracking.errors().report("recording a failed task", failure);
		}
	}

	/**
	 * What this task reports to.
	 */
	protected final TaskTracking tracking() {
		return this.tracking;
	}

	/**
	 * The executor this task was submitted to, or {@code null} while it is not known yet.
	 */
	public ExecutorMonitor executor() {
		return this.executor;
	}

	/**
	 * The task's name; see {@link TaskNamers} and {@link TaskNames}.
	 */
	public String name() {
		String name = this.name;
		if (name == null) {
			if (this.source instanceof TrackedTask inner) {
				// Tracked by another application's engine too: its name may still improve.
				return inner.name();
			}
			name = this.tracking.names().of(this.source);
			this.name = name;
		}
		return name;
	}

	/**
	 * Names this task, for instrumentation that learns its name late (an
	 * {@code @Async} method is only known once its invocation runs).
	 */
	public void rename(String name) {
		this.name = name;
	}

	/**
	 * This task's report id, assigned the first time it is asked for.
	 */
	public long id() {
		int id = this.id;
		if (id == 0) {
			int assigned = this.tracking.nextTaskId();
			id = ID.compareAndSet(this, 0, assigned) ? assigned : this.id;
		}
		return id;
	}

	/**
	 * What the user submitted.
	 */
	public Object source() {
		return this.source;
	}

	/**
	 * Where the task was submitted, or {@code null} unless debug mode was on.
	 */
	public Throwable creationSite() {
		return TaskOrigins.creationSite(this.origin);
	}

	/**
	 * The trace the task was submitted in, or {@code null}.
	 */
	public Object trace() {
		return TaskOrigins.trace(this.origin);
	}

	/**
	 * When the task was submitted, as {@link TaskClock#now()} read it.
	 */
	public long submittedAt() {
		return this.submittedAt;
	}

	/**
	 * When the current or last run started, as {@link TaskClock#now()} read it;
	 * {@code 0} before.
	 */
	public long startedAt() {
		return this.startedAt;
	}

	@Override
	public String toString() {
		return name();
	}

}
