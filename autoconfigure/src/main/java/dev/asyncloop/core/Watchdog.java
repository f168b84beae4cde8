package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that watches every executor of an engine. Each tick it looks at
 * what every thread slot is running; a task past its executor's threshold has its
 * thread's stack taken while it is still stuck and becomes a live slow-callback
 * finding. When the task ends, its own thread hands the final duration over and the
 * finding is completed. Monitored threads never do any of this work.
 */
final class Watchdog implements Runnable {

	/** Longest pause between two looks; detection lags a crossing by at most this. */
	static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long PRUNE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** A run is looked at once it has run this fraction of its threshold... */
	static final int SAMPLE_FROM_FRACTION = 4;

	/** ...and then about this many times per threshold (at most once a tick). */
	static final int SAMPLES_PER_THRESHOLD = 20;

	private final TaskRegistry registry;

	private final Findings findings;

	private final List<Runnable> checks = new CopyOnWriteArrayList<>();

	/** Live findings waiting for their task to end; watchdog thread only. */
	private final Map<TrackedTask, Open> open = new IdentityHashMap<>();

	/** What the runs that have run a while spent their time on; watchdog thread only. */
	private final Map<TrackedTask, StallEvidence> evidence = new IdentityHashMap<>();

	private final WarmUp warmUp;

	private volatile boolean stopped;

	/** Completed looks, so that a caller can wait for one that started after its call. */
	private volatile long ticks;

	private volatile Thread thread;

	private long lastPrune = System.nanoTime();

	Watchdog(TaskRegistry registry, Findings findings) {
		this.registry = registry;
		this.findings = findings;
		this.warmUp = findings.warmUp();
	}

	synchronized void start() {
		if (this.thread == null) {
			Thread thread = new Thread(this, "asyncloop-watchdog");
			thread.setDaemon(true);
			this.thread = thread;
			thread.start();
		}
	}

	synchronized void stop() {
		this.stopped = true;
		Thread thread = this.thread;
		if (thread != null) {
			LockSupport.unpark(thread);
			try {
				thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	boolean isAlive() {
		Thread thread = this.thread;
		return thread != null && thread.isAlive();
	}

	void addCheck(Runnable check) {
		this.checks.add(check);
	}

	void removeCheck(Runnable check) {
		this.checks.remove(check);
	}

	@Override
	public void run() {
		while (!this.stopped) {
			try {
				tick(System.nanoTime());
			}
			catch (Throwable ex) {
				this.registry.internalError("watching executors", ex);
			}
			LockSupport.parkNanos(this, tickNanos());
		}
	}

	/**
	 * One look at every executor. Package-private so that tests can drive it.
	 */
	void tick(long now) {
		completeEndedRuns();
		lookAtRunningTasks(now);
		for (Runnable check : this.checks) {
			try {
				check.run();
			}
			catch (Throwable ex) {
				this.registry.internalError("running check " + check, ex);
			}
		}
		if (now - this.lastPrune >= PRUNE_EVERY_NANOS) {
			this.lastPrune = now;
			this.registry.pruneEndedThreads();
			forgetEndedEvidence(now);
		}
		this.ticks++;
	}

	/**
	 * Waits until the watchdog has completed a whole look that began after this call:
	 * everything that happened before the call has then been looked at.
	 * @return whether it happened within {@code timeout}
	 */
	boolean awaitFullLook(long timeoutNanos) {
		long deadline = System.nanoTime() + timeoutNanos;
		long target = this.ticks + 2;
		Thread thread = this.thread;
		while (this.ticks < target && isAlive() && System.nanoTime() < deadline) {
			if (thread != null) {
				LockSupport.unpark(thread);
			}
			Thread.onSpinWait();
			LockSupport.parkNanos(MIN_TICK_NANOS / 10);
		}
		return this.ticks >= target;
	}

	/**
	 * Takes the stack of every task that has run a while, so that a run past its
	 * threshold is judged by what it spent its time on: reported, live, once the
	 * application's code (or framework code at a place where it ran long before) has
	 * held the thread past the threshold; warm-up otherwise.
	 */
	private void lookAtRunningTasks(long now) {
		if (this.registry.isTimingSuppressed()) {
			return;
		}
		for (ThreadSlot slot : this.registry.slots()) {
			TrackedTask task = slot.running();
			if (task == null) {
				continue;
			}
			long start = task.startedAt();
			ExecutorMonitor executor = task.executor();
			if (start == 0 || slot.reportedRun == start || executor == null) {
				continue;
			}
			long threshold = executor.thresholdNanos();
			if (now - start < threshold / SAMPLE_FROM_FRACTION) {
				continue;
			}
			StallEvidence evidence = this.evidence.get(task);
			if (evidence == null || evidence.startedAt() != start) {
				evidence = new StallEvidence(start);
				this.evidence.put(task, evidence);
			}
			evidence.seenRunningAt = now;
			if (now - evidence.lastSampleAt() < threshold / SAMPLES_PER_THRESHOLD) {
				continue;
			}
			StackTraceElement[] stack = slot.thread().getStackTrace();
			long cpu = ThreadCpu.of(slot.thread());
			boolean runnable = slot.thread().getState() == Thread.State.RUNNABLE;
			long sampledAt = System.nanoTime();
			// Only a stack taken while this very run was still going says where its time went.
			if (slot.running() != task || task.startedAt() != start) {
				continue;
			}
			evidence.sample(sampledAt, stack, Activity.of(stack, this.registry.applicationCode()), cpu, runnable);
			if (evidence.isMistake(threshold, this.warmUp, place(executor, task))) {
				slot.reportedRun = start;
				reportRunning(slot, task, executor, start, sampledAt - start, threshold, evidence.stack(threshold));
			}
		}
	}

	private void reportRunning(ThreadSlot slot, TrackedTask task, ExecutorMonitor executor, long start, long elapsed,
			long threshold, StackTraceElement[] stack) {
		TaskNames.improveFromStack(task, stack, this.registry.applicationCode());
		Instant crossed = Instant.now().minusNanos(elapsed - threshold);
		SlowCallback live = new SlowCallback(task.name(), executor.name(), slot.thread().getName(),
				Duration.ofNanos(elapsed), Duration.ofNanos(threshold), false, StackFrames.render(stack),
				this.registry.applicationCode().creationFrames(task.creationSite()), crossed, null, null,
				submitted(task));
		long sequence = this.findings.record(live);
		this.open.put(task, new Open(start, sequence, live));
	}

	/**
	 * Runs past their threshold that ended: a live finding gets its final duration; a
	 * run not reported yet is judged on all the stacks taken while it ran, and is
	 * either a finished slow callback or warm-up.
	 */
	private void completeEndedRuns() {
		TaskRegistry.SlowRun run;
		while ((run = this.registry.pollSlowRun()) != null) {
			TrackedTask task = run.task();
			StallEvidence evidence = this.evidence.get(task);
			if (evidence != null && evidence.startedAt() == run.startedAt()) {
				this.evidence.remove(task);
			}
			else {
				evidence = null; // it belongs to a later run of the same periodic task
			}
			Open live = this.open.get(task);
			Duration duration = Duration.ofNanos(run.durationNanos());
			if (live != null && live.startedAt == run.startedAt()) {
				this.open.remove(task);
				this.findings.update(FindingKind.SLOW_CALLBACK, live.sequence, live.finding,
						(current) -> current.finish(duration));
			}
			else if (!this.registry.isTimingSuppressed()) {
				judgeEndedRun(run, evidence, duration);
			}
		}
	}

	private void judgeEndedRun(TaskRegistry.SlowRun run, StallEvidence evidence, Duration duration) {
		TrackedTask task = run.task();
		ExecutorMonitor executor = task.executor();
		if (evidence == null || !evidence.isSampled()) {
			// Not one look while it ran: the watchdog itself was held, as the whole JVM is
			// in a long pause. Nothing tells where its time went.
			this.warmUp.count(task.name() + " on " + run.thread().getName() + " for "
					+ SecondsText.of(run.durationNanos()) + " s", "not seen while it ran: the JVM was paused");
			return;
		}
		evidence.end(run.startedAt() + run.durationNanos());
		if (!evidence.isMistake(run.thresholdNanos(), this.warmUp, place(executor, task))) {
			this.warmUp.count(task.name() + " on " + run.thread().getName() + " for "
					+ SecondsText.of(run.durationNanos()) + " s", evidence.describe());
			return;
		}
		StackTraceElement[] stack = evidence.stack(run.thresholdNanos());
		TaskNames.improveFromStack(task, stack, this.registry.applicationCode());
		Instant crossed = Instant.now().minusNanos(System.nanoTime() - run.startedAt() - run.thresholdNanos());
		this.findings.record(new SlowCallback(task.name(), executor.name(), run.thread().getName(), duration,
				Duration.ofNanos(run.thresholdNanos()), true, StackFrames.render(stack),
				this.registry.applicationCode().creationFrames(task.creationSite()), crossed, null, null,
				submitted(task)));
	}

	/**
	 * Where a task's framework code runs, for telling its first long run (warm-up) from
	 * the later ones.
	 */
	private static String place(ExecutorMonitor executor, TrackedTask task) {
		return executor.name() + ":" + task.name();
	}

	/**
	 * Forgets what was gathered on runs that ended without becoming slow.
	 */
	private void forgetEndedEvidence(long now) {
		this.evidence.values().removeIf((evidence) -> now - evidence.seenRunningAt > PRUNE_EVERY_NANOS);
	}

	private static Instant submitted(TrackedTask task) {
		return Instant.now().minusNanos(System.nanoTime() - task.submittedAt());
	}

	private long tickNanos() {
		long shortest = MAX_TICK_NANOS * 10;
		for (ExecutorMonitor executor : this.registry.executors()) {
			shortest = Math.min(shortest, executor.thresholdNanos());
		}
		return Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortest / 10));
	}

	private record Open(long startedAt, long sequence, SlowCallback finding) {
	}

}
