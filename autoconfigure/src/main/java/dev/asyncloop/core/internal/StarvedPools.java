package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.asyncloop.core.ResourceLeak;

/**
 * Starved pools, of threads or of connections: an executor whose oldest queued task
 * has waited longer than the threshold, or a client connection pool whose acquires
 * have waited that long, has given all it has to work that holds on to it. Reported
 * once per episode (until the wait ends), naming the pool, the longest wait and what
 * its threads or connections are busy with. Looked at about once a second from the
 * watchdog; an executor's queue is read no further than its head.
 */
public final class StarvedPools implements Runnable {

	private static final int BUSY_LISTED = 5;

	private final ExecutorDirectory executors;

	private final Snapshots snapshots;

	private final Transports transports;

	private final Findings findings;

	private final long thresholdNanos;

	private final LookInterval looks;

	/** The pools starved now, reported already. */
	private final Set<String> starved = new HashSet<>();

	/** Since when each connection pool has had acquires waiting. */
	private final Map<String, Long> pendingSince = new HashMap<>();

	/**
	 * @param threshold how long a task or an acquire may wait; positive
	 */
	public StarvedPools(ExecutorDirectory executors, Snapshots snapshots, Transports transports, Findings findings,
			Duration threshold) {
		this(executors, snapshots, transports, findings, threshold, LookInterval.SECOND);
	}

	StarvedPools(ExecutorDirectory executors, Snapshots snapshots, Transports transports, Findings findings,
			Duration threshold, long lookIntervalNanos) {
		this.executors = executors;
		this.snapshots = snapshots;
		this.transports = transports;
		this.findings = findings;
		this.thresholdNanos = DurationLimits.requirePositive("starvedPoolDuration", threshold).toNanos();
		this.looks = new LookInterval(lookIntervalNanos);
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		if (!this.looks.due(now)) {
			return;
		}
		Set<String> starvedNow = new HashSet<>();
		for (ExecutorMonitor executor : this.executors.all()) {
			long waited = longestWait(executor, now);
			if (waited >= this.thresholdNanos) {
				String key = "executor " + executor.name();
				starvedNow.add(key);
				if (this.starved.add(key)) {
					reportExecutor(executor, waited);
				}
			}
		}
		Set<String> pending = new HashSet<>();
		for (Transports.Pool pool : this.transports.pools()) {
			if (pool.pending() <= 0) {
				continue;
			}
			String key = "pool " + pool.name() + " " + pool.remote();
			pending.add(key);
			long since = this.pendingSince.computeIfAbsent(key, (ignored) -> now);
			if (now - since >= this.thresholdNanos) {
				starvedNow.add(key);
				if (this.starved.add(key)) {
					reportPool(pool, now - since);
				}
			}
		}
		this.pendingSince.keySet().retainAll(pending);
		this.starved.retainAll(starvedNow);
	}

	/**
	 * How long the task first in line in {@code executor}'s queue has waited since it
	 * was due, in nanoseconds; {@code 0} when none waits, or when the executor is
	 * paused. Only the head is read: in a first-in-first-out queue it is the oldest, in
	 * a scheduler's the one due first.
	 */
	private static long longestWait(ExecutorMonitor executor, long now) {
		if (executor.queueView().paused()) {
			return 0; // held back on purpose: its tasks go on when it is started again
		}
		Object head = executor.queueView().head();
		if (head instanceof TrackedTask task && !(head instanceof Future<?> future && future.isDone())) {
			long delay = task.delayNanos();
			if (delay <= 0) {
				return (delay < 0) ? -delay : now - task.submittedAt();
			}
		}
		return 0;
	}

	private void reportExecutor(ExecutorMonitor executor, long waited) {
		List<LiveTask> running = this.snapshots.runningTasks(true)
			.stream()
			.filter((task) -> task.executor().equals(executor.name()))
			.sorted(Comparator.comparing(LiveTask::running, Comparator.nullsLast(Comparator.reverseOrder())))
			.toList();
		int queued = executor.queueView().queued();
		String busy = running.isEmpty() ? "its threads are busy with work asyncloop does not see"
				: "its threads are busy with " + running.stream()
					.limit(BUSY_LISTED)
					.map((task) -> task.name() + ((task.running() != null)
							? " (running " + SecondsText.of(task.running().toNanos()) + " s)" : ""))
					.collect(Collectors.joining(", "));
		List<String> stack = running.isEmpty() || running.get(0).stack() == null ? List.of() : running.get(0).stack();
		this.findings.record(new ResourceLeak("thread pool " + executor.name(), null, stack, List.of(),
				Duration.ofNanos(waited), ((queued >= 0) ? queued + " tasks queued, " : "") + "the oldest has waited "
						+ SecondsText.of(waited) + " s; " + busy,
				Instant.now(), null, null));
	}

	private void reportPool(Transports.Pool pool, long waited) {
		List<String> holders = this.transports.connections()
			.stream()
			.filter((connection) -> "client".equals(connection.side()) && connection.request() != null)
			.map(Transports.Connection::request)
			.limit(BUSY_LISTED)
			.toList();
		this.findings.record(new ResourceLeak("connection pool " + pool.name(), null, List.of(), List.of(),
				Duration.ofNanos(waited), pool.pending() + " acquires of " + pool.remote() + " have waited "
						+ SecondsText.of(waited) + " s with " + pool.active() + " of " + pool.max()
						+ " connections taken" + (holders.isEmpty() ? "" : ", by " + String.join(", ", holders)),
				Instant.now(), null, null));
	}

}
