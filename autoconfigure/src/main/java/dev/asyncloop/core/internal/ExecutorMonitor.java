package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.RuntimeSettings;

/**
 * asyncloop's view of one executor: its name and kind, the threshold that makes a
 * task slow on it, and the statistics of the tasks it ran.
 */
public final class ExecutorMonitor {

	private final String name;

	private final ExecutorKind kind;

	/** Where a non-blocking executor's threshold, the slow-callback duration, is set. */
	private final RuntimeSettings settings;

	/** Told when what the executor shows changes: its queue view, whether it is probed. */
	private final Consumer<ExecutorMonitor> changed;

	private volatile long longTaskNanos;

	private volatile QueueView queueView;

	/** Lag of a probed event loop; created on first use. */
	private volatile LagRecorder lag;

	/** Since when a probed event loop has not run its probe; 0 when it runs. */
	private volatile long stalledSince;

	/** Per-thread counters; one writer each, summed on request. */
	private final Map<ThreadSlot, TaskCounters> cells = new ConcurrentHashMap<>();

	/** Counters of threads that ended, folded in by the watchdog. */
	private final TaskStats.Builder retired = new TaskStats.Builder();

	ExecutorMonitor(String name, ExecutorKind kind, Duration longTaskDuration, QueueView queueView,
			RuntimeSettings settings, Consumer<ExecutorMonitor> changed) {
		this.name = name;
		this.kind = kind;
		this.settings = settings;
		this.changed = changed;
		this.longTaskNanos = longTaskDuration.toNanos();
		this.queueView = queueView;
	}

	/**
	 * The name used in reports: {@code loop}, {@code worker}, {@code reactor-parallel}...
	 */
	public String name() {
		return this.name;
	}

	public ExecutorKind kind() {
		return this.kind;
	}

	/**
	 * How long a task may run before it is reported: the slow-callback duration on a
	 * non-blocking executor, the executor's own long-task duration on a blocking one.
	 */
	public long thresholdNanos() {
		return (this.kind == ExecutorKind.NON_BLOCKING) ? this.settings.slowCallbackNanos() : this.longTaskNanos;
	}

	public Duration threshold() {
		return Duration.ofNanos(thresholdNanos());
	}

	/**
	 * Sets the long-task duration of a blocking executor.
	 */
	public void setLongTaskDuration(Duration duration) {
		this.longTaskNanos = DurationLimits.requirePositive("longTaskDuration", duration).toNanos();
	}

	/**
	 * What the executor lets asyncloop see of its queue and threads.
	 */
	public QueueView queueView() {
		return this.queueView;
	}

	/**
	 * Sets what the executor lets asyncloop see of its queue and threads, once it exists.
	 */
	public void setQueueView(QueueView queueView) {
		this.queueView = (queueView != null) ? queueView : QueueView.NONE;
		this.changed.accept(this);
	}

	/**
	 * The lag recorder of this executor, for executors whose event loops are probed;
	 * made on first use, which makes the executor {@link #isProbed() probed}.
	 */
	public LagRecorder lag() {
		LagRecorder lag = this.lag;
		if (lag != null) {
			return lag;
		}
		boolean made = false;
		synchronized (this) {
			lag = this.lag;
			if (lag == null) {
				lag = new LagRecorder();
				this.lag = lag;
				made = true;
			}
		}
		if (made) {
			this.changed.accept(this);
		}
		return lag;
	}

	/**
	 * Whether this executor's event loops are probed for lag.
	 */
	public boolean isProbed() {
		return this.lag != null;
	}

	/**
	 * Recent lag, or {@code null} when this executor's loops are not probed.
	 */
	public LagRecorder.Lag recentLag() {
		LagRecorder lag = this.lag;
		return (lag != null) ? lag.recent() : null;
	}

	/**
	 * A probed event loop of this executor has not run its probe since
	 * {@code nanoTime}, or runs again ({@code 0}).
	 */
	public void setStalledSince(long nanoTime) {
		this.stalledSince = nanoTime;
	}

	long stalledSince() {
		return this.stalledSince;
	}

	TaskCounters countersFor(ThreadSlot slot) {
		return this.cells.computeIfAbsent(slot, (key) -> new TaskCounters());
	}

	/**
	 * Moves the counters of a thread that ended into the retired totals, so that
	 * thread-per-task executors do not grow the cell map forever.
	 */
	void retire(ThreadSlot slot) {
		synchronized (this.retired) {
			TaskCounters cell = this.cells.remove(slot);
			if (cell != null) {
				cell.addTo(this.retired);
			}
		}
	}

	/**
	 * Totals of the tasks this executor finished.
	 */
	public TaskStats stats() {
		TaskStats.Builder totals = new TaskStats.Builder();
		synchronized (this.retired) {
			totals.add(this.retired.build());
			this.cells.values().forEach((cell) -> cell.addTo(totals));
		}
		return totals.build();
	}

	@Override
	public String toString() {
		return this.name + " (" + this.kind.label() + ")";
	}

}
