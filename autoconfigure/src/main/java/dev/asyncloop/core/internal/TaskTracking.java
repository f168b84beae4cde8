package dev.asyncloop.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

import dev.asyncloop.core.RuntimeSettings;

/**
 * What the tracked tasks of one engine report to: the thread slots they enter, the
 * settings they read, the watchdog's inbox for runs that ended slow, and the
 * detectors their futures tell of failures and blocking waits. Every tracked task
 * holds this one reference; the rooms behind it know nothing of tasks' futures.
 */
public final class TaskTracking {

	private final RuntimeSettings settings;

	private final ThreadSlots threads;

	private final CreationSites creationSites;

	private final SlowRuns slowRuns = new SlowRuns();

	private final TaskClock clock = new TaskClock();

	private final InternalErrors errors;

	private final FailureWatch failures;

	private final BlockingWaits blockingWaits;

	private final TraceContexts traces;

	private final AtomicInteger taskIds = new AtomicInteger();

	private final TaskNamers names = new TaskNamers();

	public TaskTracking(RuntimeSettings settings, ThreadSlots threads, ApplicationCode applicationCode,
			InternalErrors errors, FailureWatch failures, BlockingWaits blockingWaits, TraceContexts traces) {
		this.settings = settings;
		this.threads = threads;
		this.creationSites = new CreationSites(applicationCode);
		this.errors = errors;
		this.failures = failures;
		this.blockingWaits = blockingWaits;
		this.traces = traces;
	}

	/**
	 * How tasks are named: integrations add what they know of their frameworks' tasks.
	 */
	public TaskNamers names() {
		return this.names;
	}

	public RuntimeSettings settings() {
		return this.settings;
	}

	/**
	 * The slots of the threads that run tasks, and so the task running on each.
	 */
	public ThreadSlots threads() {
		return this.threads;
	}

	/**
	 * Failures of asyncloop's own instrumentation, which never affect a task.
	 */
	public InternalErrors errors() {
		return this.errors;
	}

	/**
	 * Failed tasks whose exception nobody has observed yet.
	 */
	public FailureWatch failures() {
		return this.failures;
	}

	/**
	 * Blocking waits on non-blocking threads.
	 */
	public BlockingWaits blockingWaits() {
		return this.blockingWaits;
	}

	/**
	 * The traces tasks are submitted in.
	 */
	public TraceContexts traces() {
		return this.traces;
	}

	/**
	 * Where tasks are submitted from, in debug mode.
	 */
	CreationSites creationSites() {
		return this.creationSites;
	}

	/**
	 * The clock tasks read, kept by the watchdog.
	 */
	public TaskClock clock() {
		return this.clock;
	}

	/**
	 * The watchdog's inbox of runs that ended slow.
	 */
	SlowRuns slowRuns() {
		return this.slowRuns;
	}

	/**
	 * The next report id; ids are only given to tasks a report shows, and wrap around
	 * past zero.
	 */
	int nextTaskId() {
		int id = this.taskIds.incrementAndGet();
		return (id != 0) ? id : this.taskIds.incrementAndGet();
	}

}
