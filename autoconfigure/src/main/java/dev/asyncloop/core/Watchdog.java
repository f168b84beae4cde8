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

	private final TaskRegistry registry;

	private final Findings findings;

	private final List<Runnable> checks = new CopyOnWriteArrayList<>();

	/** Live findings waiting for their task to end; watchdog thread only. */
	private final Map<TrackedTask, Open> open = new IdentityHashMap<>();

	private volatile boolean stopped;

	/** Completed looks, so that a caller can wait for one that started after its call. */
	private volatile long ticks;

	private volatile Thread thread;

	private long lastPrune = System.nanoTime();

	Watchdog(TaskRegistry registry, Findings findings) {
		this.registry = registry;
		this.findings = findings;
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
		lookAtRunningTasks(now);
		completeEndedRuns();
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
			long elapsed = now - start;
			if (elapsed >= threshold) {
				StackTraceElement[] stack = slot.thread().getStackTrace();
				// Only a stack taken while this very run was still going says where it is stuck.
				// One loading classes is warming up: look again next time.
				if (slot.running() == task && task.startedAt() == start && !StackFrames.isWarmingUp(stack)) {
					slot.reportedRun = start;
					reportRunning(slot, task, executor, start, elapsed, threshold, stack);
				}
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

	private void completeEndedRuns() {
		TaskRegistry.SlowRun run;
		while ((run = this.registry.pollSlowRun()) != null) {
			Open live = this.open.get(run.task());
			Duration duration = Duration.ofNanos(run.durationNanos());
			if (live != null && live.startedAt == run.startedAt()) {
				this.open.remove(run.task());
				// The finding may have changed meanwhile (a blocking call named in it).
				Finding current = this.findings.find(FindingKind.SLOW_CALLBACK, live.sequence);
				SlowCallback now = (current instanceof SlowCallback slow) ? slow : live.finding;
				this.findings.update(live.sequence, now, now.finish(duration));
			}
			else if (!this.registry.isTimingSuppressed()) {
				// It crossed the threshold and ended between two looks: no stack to show.
				ExecutorMonitor executor = run.task().executor();
				Instant crossed = Instant.now()
					.minusNanos(System.nanoTime() - run.startedAt() - run.thresholdNanos());
				this.findings.record(new SlowCallback(run.task().name(), executor.name(), run.thread().getName(),
						duration, Duration.ofNanos(run.thresholdNanos()), true, List.of(),
						this.registry.applicationCode().creationFrames(run.task().creationSite()), crossed, null, null,
						submitted(run.task())));
			}
		}
	}

	private static Instant submitted(TrackedTask task) {
		return Instant.now().minusNanos(System.nanoTime() - task.submittedAt());
	}

	/**
	 * Live findings whose task has not ended, for the report at shutdown.
	 */
	int openFindings() {
		return this.open.size();
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
