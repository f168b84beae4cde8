package dev.asyncloop.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that watches every executor of an engine. Each tick it has the
 * {@link SlowTaskDetector} look at what every thread slot is running, then runs the
 * checks of the detectors that poll (failures past their grace, collected publishers,
 * event-loop probes). Monitored threads never do any of this work.
 */
public final class Watchdog implements Runnable {

	/**
	 * Longest pause between two looks; detection lags a crossing by at most this, and
	 * the {@link TaskClock} tasks read is at most this early.
	 */
	static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long PRUNE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final TaskTracking tracking;

	private final ExecutorDirectory executors;

	private final SlowTaskDetector slowTasks;

	private final List<Runnable> checks = new CopyOnWriteArrayList<>();

	private volatile boolean stopped;

	/** Completed looks, so that a caller can wait for one that started after its call. */
	private volatile long ticks;

	private volatile Thread thread;

	private long lastPrune = System.nanoTime();

	/** The pause after the last look; the tasks' clock is this coarse. */
	private long tickNanos = MAX_TICK_NANOS;

	public Watchdog(TaskTracking tracking, ExecutorDirectory executors, Findings findings,
			ApplicationCode applicationCode) {
		this.tracking = tracking;
		this.executors = executors;
		this.slowTasks = new SlowTaskDetector(tracking, findings, applicationCode);
	}

	public synchronized void start() {
		if (this.thread == null) {
			Thread thread = new Thread(this, "asyncloop-watchdog");
			thread.setDaemon(true);
			this.thread = thread;
			thread.start();
		}
	}

	/**
	 * Stops the thread and drops the runs handed over that it has not looked at.
	 */
	public synchronized void stop() {
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
		this.tracking.slowRuns().clear();
	}

	public boolean isAlive() {
		Thread thread = this.thread;
		return thread != null && thread.isAlive();
	}

	public void addCheck(Runnable check) {
		this.checks.add(check);
	}

	public void removeCheck(Runnable check) {
		this.checks.remove(check);
	}

	@Override
	public void run() {
		TaskClock clock = this.tracking.clock();
		try {
			while (!this.stopped) {
				long now = System.nanoTime();
				clock.tick(now);
				try {
					tick(now);
				}
				catch (Throwable ex) {
					this.tracking.errors().report("watching executors", ex);
				}
				this.tickNanos = tickNanos();
				LockSupport.parkNanos(this, this.tickNanos);
			}
		}
		finally {
			clock.stop();
		}
	}

	/**
	 * One look at every executor. Package-private so that tests can drive it.
	 */
	void tick(long now) {
		this.slowTasks.completeEndedRuns(now, this.tickNanos);
		this.slowTasks.lookAtRunningTasks(now, this.tickNanos);
		for (Runnable check : this.checks) {
			try {
				check.run();
			}
			catch (Throwable ex) {
				this.tracking.errors().report("running check " + check, ex);
			}
		}
		if (now - this.lastPrune >= PRUNE_EVERY_NANOS) {
			this.lastPrune = now;
			this.tracking.threads().pruneEndedThreads();
			this.slowTasks.forgetEndedEvidence(now);
		}
		this.ticks++;
	}

	/**
	 * Waits until the watchdog has completed a whole look that began after this call:
	 * everything that happened before the call has then been looked at.
	 * @return whether it happened within {@code timeout}
	 */
	public boolean awaitFullLook(long timeoutNanos) {
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

	private long tickNanos() {
		long shortest = MAX_TICK_NANOS * 10;
		for (ExecutorMonitor executor : this.executors.all()) {
			shortest = Math.min(shortest, executor.thresholdNanos());
		}
		return Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortest / 10));
	}

}
