package dev.asyncloop.scheduling;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * A tracked task that an application's executor runs through its own future: a task
 * of {@code invokeAll}/{@code invokeAny}, a scheduled one, or one submitted to an
 * executor whose {@code submit} is its own. The executor calls it as a
 * {@link Callable} (or, when periodic, runs it as a {@link Runnable}); its result and
 * its exception reach the executor's future unchanged. That future is the executor's,
 * so asyncloop does not see who observes a failure: failures are counted, not watched.
 *
 * @param <V> the result type
 */
final class CallTask<V> extends TrackedTask implements Callable<V> {

	private final Callable<V> callable;

	/** The executor's future of a scheduled task: it knows when each run was due. */
	private volatile ScheduledFuture<?> schedule;

	// Handed from runTask to call on the same thread.
	private V result;

	private Exception checkedFailure;

	CallTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, Callable<V> callable) {
		super(tracking, monitor, source);
		this.callable = callable;
	}

	/**
	 * The executor scheduled this task, as {@code schedule}.
	 */
	<F extends ScheduledFuture<?>> F scheduledAs(F schedule) {
		this.schedule = schedule;
		return schedule;
	}

	@Override
	public V call() throws Exception {
		run();
		Exception failure = this.checkedFailure;
		V value = this.result;
		this.checkedFailure = null;
		this.result = null;
		if (failure != null) {
			throw failure;
		}
		return value;
	}

	/**
	 * Runs the callable; an unchecked failure is thrown on through {@link #run()}, so
	 * that a periodic task stops as it would unwatched.
	 */
	@Override
	protected boolean runTask() {
		try {
			this.result = this.callable.call();
			return true;
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Exception ex) {
			this.checkedFailure = ex;
			return false;
		}
	}

	/**
	 * How late a scheduled run started: the negated delay its future reports. Before
	 * the executor's future is known (a task due at once), the time since submission.
	 */
	@Override
	protected long queueDelay(long startNanos) {
		ScheduledFuture<?> due = this.schedule;
		return (due != null) ? -due.getDelay(TimeUnit.NANOSECONDS) : super.queueDelay(startNanos);
	}

}
