package dev.asyncloop.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live-task registry of one application: the monitored executors, the slot of
 * every thread that runs their tasks, and the settings tasks read on their hot path.
 *
 * <p>It adds nothing per task: a queued task sits in its executor's queue (read
 * through the executor's {@link QueueView} on request), a running task in its
 * thread's slot. Slots are registered once per thread.
 */
public final class TaskRegistry {

	/** Executor of threads no resolver claims; blocking, so nothing is judged on it. */
	static final String UNKNOWN_EXECUTOR = "other";

	/** Slots by thread id: ids are unique for the JVM's life, and JFR events carry them. */
	private final Map<Long, ThreadSlot> slots = new ConcurrentHashMap<>();

	/** Slots of threads asyncloop did not create, set on their first tracked task. */
	private final ThreadLocal<ThreadSlot> foreignSlots = new ThreadLocal<>();

	private final List<ExecutorMonitor> executors = new CopyOnWriteArrayList<>();

	private final List<ExecutorResolver> resolvers = new CopyOnWriteArrayList<>();

	private final List<java.util.function.Consumer<ExecutorMonitor>> executorListeners = new CopyOnWriteArrayList<>();

	private final Queue<SlowRun> slowRuns = new ConcurrentLinkedQueue<>();

	private final java.util.concurrent.atomic.AtomicInteger taskIds = new java.util.concurrent.atomic.AtomicInteger();

	private final AtomicLong internalErrors = new AtomicLong();

	private volatile boolean debug;

	private volatile long slowCallbackNanos;

	private volatile boolean strict;

	private volatile boolean timingSuppressed;

	/**
	 * When the startup grace period ends, on the wall clock that JFR events carry too;
	 * {@link Instant#MIN} for none. Read by the watchdog and detectors, never by tasks.
	 */
	private volatile Instant graceEndsAt = Instant.MIN;

	private final System.Logger logger;

	private final ApplicationCode applicationCode;

	private final CreationSites creationSites;

	private FailureWatch failures;

	private BlockingWaits blockingWaits;

	TaskRegistry(boolean debug, Duration slowCallbackDuration, System.Logger logger, ApplicationCode applicationCode) {
		this.logger = logger;
		this.applicationCode = applicationCode;
		this.creationSites = new CreationSites(applicationCode);
		this.debug = debug;
		this.slowCallbackNanos = slowCallbackDuration.toNanos();
	}

	// Settings read on the hot path

	public boolean isDebug() {
		return this.debug;
	}

	void setDebug(boolean debug) {
		this.debug = debug;
	}

	/**
	 * Whether findings that depend on timing (slow callbacks, stalls) are suppressed,
	 * as while a debugger may hold threads at breakpoints.
	 */
	public boolean isTimingSuppressed() {
		return this.timingSuppressed || (this.graceEndsAt != Instant.MIN && inStartupGrace(Instant.now()));
	}

	void setTimingSuppressed(boolean suppressed) {
		this.timingSuppressed = suppressed;
	}

	/**
	 * Whether {@code time} falls in the startup grace period.
	 */
	boolean inStartupGrace(Instant time) {
		return time.isBefore(this.graceEndsAt);
	}

	/**
	 * Makes the startup grace period last at least {@code grace} from now; never shortens it.
	 */
	synchronized void extendStartupGrace(Duration grace) {
		if (grace.isZero() || grace.isNegative()) {
			return;
		}
		Instant end = Instant.now().plus(grace);
		if (end.isAfter(this.graceEndsAt)) {
			this.graceEndsAt = end;
		}
	}

	public boolean isStrict() {
		return this.strict;
	}

	void setStrict(boolean strict) {
		this.strict = strict;
	}

	long slowCallbackNanos() {
		return this.slowCallbackNanos;
	}

	void setSlowCallbackNanos(long nanos) {
		this.slowCallbackNanos = nanos;
	}

	void attach(FailureWatch failures, BlockingWaits blockingWaits) {
		this.failures = failures;
		this.blockingWaits = blockingWaits;
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
	 * Where tasks are submitted from, in debug mode.
	 */
	CreationSites creationSites() {
		return this.creationSites;
	}

	/**
	 * Which frames are the application's, to name tasks and trim creation stacks.
	 */
	public ApplicationCode applicationCode() {
		return this.applicationCode;
	}

	// Executors

	/**
	 * Registers an executor; its name must be unique within this registry.
	 */
	public ExecutorMonitor register(String name, ExecutorKind kind, Duration longTaskDuration, QueueView probe) {
		DurationLimits.requirePositive("longTaskDuration", longTaskDuration);
		synchronized (this.executors) {
			if (executor(name) != null) {
				throw new IllegalStateException("An executor named '" + name + "' is already monitored");
			}
			ExecutorMonitor executor = new ExecutorMonitor(name, kind, longTaskDuration,
					(probe != null) ? probe : QueueView.NONE, this);
			this.executors.add(executor);
			for (java.util.function.Consumer<ExecutorMonitor> listener : this.executorListeners) {
				listener.accept(executor);
			}
			return executor;
		}
	}

	/**
	 * The executor named {@code name}, registering it if needed.
	 */
	public ExecutorMonitor registerIfAbsent(String name, ExecutorKind kind, Duration longTaskDuration) {
		synchronized (this.executors) {
			ExecutorMonitor existing = executor(name);
			return (existing != null) ? existing : register(name, kind, longTaskDuration, null);
		}
	}

	public ExecutorMonitor executor(String name) {
		for (ExecutorMonitor executor : this.executors) {
			if (executor.name().equals(name)) {
				return executor;
			}
		}
		return null;
	}

	public List<ExecutorMonitor> executors() {
		return Collections.unmodifiableList(this.executors);
	}

	/**
	 * Tells the executor listeners that {@code executor} changed (its event loops are
	 * now probed, say), so that they can look at it again.
	 */
	public void executorChanged(ExecutorMonitor executor) {
		for (java.util.function.Consumer<ExecutorMonitor> listener : this.executorListeners) {
			listener.accept(executor);
		}
	}

	/**
	 * Calls {@code listener} for every executor monitored now and from now on, and again
	 * whenever one {@link #executorChanged changes}.
	 */
	public void onExecutor(java.util.function.Consumer<ExecutorMonitor> listener) {
		synchronized (this.executors) {
			this.executorListeners.add(listener);
			this.executors.forEach(listener);
		}
	}

	public void removeExecutorListener(java.util.function.Consumer<ExecutorMonitor> listener) {
		this.executorListeners.remove(listener);
	}

	/**
	 * Adds a resolver consulted, in order, for threads that asyncloop did not create.
	 */
	public void addResolver(ExecutorResolver resolver) {
		this.resolvers.add(resolver);
	}

	public void removeResolver(ExecutorResolver resolver) {
		this.resolvers.remove(resolver);
	}

	// Threads

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
		Thread thread = Thread.currentThread();
		if (thread instanceof AsyncLoopThread own && own.registry() == this) {
			return own.slot();
		}
		ThreadSlot slot = this.foreignSlots.get();
		if (slot == null) {
			slot = register(thread, null);
			this.foreignSlots.set(slot);
		}
		return slot;
	}

	/**
	 * The task running on the calling thread, or {@code null}. Registers nothing.
	 */
	public TrackedTask currentTask() {
		Thread thread = Thread.currentThread();
		ThreadSlot slot = (thread instanceof AsyncLoopThread own && own.registry() == this) ? own.slot()
				: this.foreignSlots.get();
		return (slot != null) ? slot.current() : null;
	}

	/**
	 * The task running on the calling thread failed, though its exception was handed to
	 * a future or an error handler instead of thrown: its run counts as failed. Does
	 * nothing outside a tracked task.
	 */
	public void currentTaskFailed() {
		Thread thread = Thread.currentThread();
		ThreadSlot slot = (thread instanceof AsyncLoopThread own && own.registry() == this) ? own.slot()
				: this.foreignSlots.get();
		if (slot != null && slot.current() != null) {
			slot.failedQuietly();
		}
	}

	ExecutorMonitor resolve(Thread thread) {
		for (ExecutorResolver resolver : this.resolvers) {
			ExecutorMonitor executor = resolver.resolve(thread);
			if (executor != null) {
				return executor;
			}
		}
		return registerIfAbsent(UNKNOWN_EXECUTOR, ExecutorKind.BLOCKING, Duration.ofDays(365));
	}

	Collection<ThreadSlot> slots() {
		return this.slots.values();
	}

	/**
	 * The executor that owns {@code thread}: the one whose tasks it runs, or the one a
	 * resolver assigns it. Registers nothing; {@code null} when nobody claims the thread.
	 */
	public ExecutorMonitor executorOf(Thread thread) {
		ThreadSlot slot = this.slots.get(thread.getId());
		if (slot != null && slot.thread() == thread) {
			ExecutorMonitor known = slot.knownExecutor();
			if (known != null) {
				return known;
			}
		}
		for (ExecutorResolver resolver : this.resolvers) {
			ExecutorMonitor executor = resolver.resolve(thread);
			if (executor != null) {
				return executor;
			}
		}
		return null;
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
		return java.util.Arrays.asList(all).subList(0, count);
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
			for (ExecutorMonitor executor : this.executors) {
				executor.retire(slot);
			}
		}
	}

	// Hand-offs from tasks to the watchdog

	void slowTaskEnded(TrackedTask task, Thread thread, long startedAt, long durationNanos) {
		this.slowRuns.add(new SlowRun(task, thread, startedAt, durationNanos, task.executor().thresholdNanos()));
	}

	SlowRun pollSlowRun() {
		return this.slowRuns.poll();
	}

	/**
	 * The next report id; ids are only given to tasks a report shows, and wrap around
	 * past zero.
	 */
	int nextTaskId() {
		int id = this.taskIds.incrementAndGet();
		return (id != 0) ? id : this.taskIds.incrementAndGet();
	}

	/**
	 * Reports a failure of asyncloop's own instrumentation. The user's task is never
	 * affected; the first failures are logged with their stack, later ones counted.
	 */
	public void internalError(String doing, Throwable ex) {
		long count = this.internalErrors.incrementAndGet();
		try {
			if (count <= 10) {
				this.logger.log(Level.WARNING, "asyncloop failed while " + doing + "; the task itself was not affected", ex);
			}
			else if (count % 1000 == 0) {
				this.logger.log(Level.WARNING, "asyncloop failed " + count + " times in its own instrumentation; "
						+ "tasks were not affected. Last failure: " + ex);
			}
		}
		catch (Throwable ignored) {
			// Reporting must never fail the caller.
		}
	}

	public long internalErrors() {
		return this.internalErrors.get();
	}

	void clear() {
		this.slots.clear();
		this.executors.clear();
		this.executorListeners.clear();
		this.resolvers.clear();
		this.slowRuns.clear();
	}

	/**
	 * A run that ended after crossing its executor's threshold.
	 */
	record SlowRun(TrackedTask task, Thread thread, long startedAt, long durationNanos, long thresholdNanos) {
	}

}
