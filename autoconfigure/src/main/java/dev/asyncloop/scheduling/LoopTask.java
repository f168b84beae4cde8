package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;

/**
 * A task of the debug event loop: the loop's own scheduled future, tracked. The
 * executor queues this object, so the loop's queue is also asyncloop's view of its
 * queued and scheduled tasks. A periodic task is the same object at every period.
 *
 * @param <V> the future's result type
 */
class LoopTask<V> extends TrackedRunnableFuture<V, RunnableScheduledFuture<V>> implements RunnableScheduledFuture<V> {

	private static final VarHandle OUTCOME = OutcomeObservation.field(MethodHandles.lookup());

	private static final String GET = "java.util.concurrent.Future.get";

	/** {@link #delayAtTake} when no delay was read since the last run. */
	private static final long NOT_READ = Long.MAX_VALUE;

	private final ScheduledThreadPoolExecutor executor;

	/** Whether anybody looked at the outcome; see {@link OutcomeObservation}. */
	@SuppressWarnings("unused") // accessed through OUTCOME
	private volatile Object outcome;

	/**
	 * The delay in nanoseconds last read through {@link #getDelay}, or {@link #NOT_READ}.
	 * The loop's queue reads it to decide that this task is due, on the loop's thread,
	 * just before the task runs: how late it was then is its queue delay, with no clock
	 * read of asyncloop's own. Plain: written and read on the loop's thread (a read by
	 * somebody else meanwhile is only another reading of the same delay).
	 */
	private long delayAtTake = NOT_READ;

	/**
	 * The clock is not read here, on the submitting thread: the loop's own future knows
	 * when the task is due, and it is asked when the task starts.
	 */
	LoopTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, RunnableScheduledFuture<V> future,
			ScheduledThreadPoolExecutor executor) {
		super(tracking, monitor, source, 0, future);
		this.executor = executor;
	}

	/**
	 * Runs the loop's own future; a subclass runs the application's task decorator
	 * around it.
	 */
	protected void runFuture(RunnableScheduledFuture<V> future) {
		future.run();
	}

	@Override
	protected boolean runTask() {
		runFuture(this.future);
		if (this.future.isPeriodic()) {
			return true; // the loop's error handler dealt with any failure; the next run is due
		}
		Throwable error = failure(this.future);
		if (error != null) {
			OutcomeObservation.failed(OUTCOME, this, tracking(), this, error);
			return false;
		}
		return true;
	}

	private static Throwable failure(RunnableScheduledFuture<?> future) {
		if (!future.isDone() || future.isCancelled()) {
			return null;
		}
		try {
			future.get();
			return null;
		}
		catch (ExecutionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * How late the task started: the negated delay the loop's queue read when it took
	 * the task, or, when it read none, what the loop's own future reports now.
	 */
	@Override
	protected long queueDelay(long startNanos) {
		long delay = this.delayAtTake;
		this.delayAtTake = NOT_READ; // a periodic task's next run is taken again
		return -((delay <= 0) ? delay : this.future.getDelay(TimeUnit.NANOSECONDS));
	}

	/**
	 * When the task was due: its first run's due time once it ran, otherwise what the
	 * loop's own future says now.
	 */
	@Override
	public long submittedAt() {
		long due = super.submittedAt();
		return (due != 0) ? due : System.nanoTime() + this.future.getDelay(TimeUnit.NANOSECONDS);
	}

	@Override
	public long delayNanos() {
		return this.future.getDelay(TimeUnit.NANOSECONDS);
	}

	/**
	 * Whether this task runs again after a failure, as Spring keeps periodic tasks and
	 * trigger tasks going. A trigger task (Spring's {@code ReschedulingRunnable}) is its
	 * own future and schedules its next run itself, each run a one-time task of the loop.
	 */
	boolean repeats() {
		return this.future.isPeriodic() || source() instanceof ScheduledFuture<?>;
	}

	@Override
	public boolean isPeriodic() {
		return this.future.isPeriodic();
	}

	@Override
	public long getDelay(TimeUnit unit) {
		long delay = this.future.getDelay(unit);
		if (unit == TimeUnit.NANOSECONDS) {
			this.delayAtTake = delay;
		}
		return delay;
	}

	@Override
	public int compareTo(Delayed other) {
		// Compare the loop's own futures: exact times and FIFO order among equal ones.
		return this.future.compareTo((other instanceof LoopTask<?> task) ? task.future : other);
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.future.cancel(mayInterruptIfRunning);
		if (cancelled && this.executor.getRemoveOnCancelPolicy()) {
			this.executor.remove(this);
		}
		return cancelled;
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		return OutcomeObservation.await(OUTCOME, this, tracking(), GET, this.future::get);
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return OutcomeObservation.await(OUTCOME, this, tracking(), GET, () -> this.future.get(timeout, unit));
	}

	/**
	 * A loop task run inside the application's {@code TaskDecorator}: kept apart so
	 * that the common task, without one, stays one field smaller.
	 */
	static final class Decorated<V> extends LoopTask<V> {

		private final Runnable body;

		Decorated(TaskTracking tracking, ExecutorMonitor monitor, Object source, RunnableScheduledFuture<V> future,
				ScheduledThreadPoolExecutor executor, Runnable body) {
			super(tracking, monitor, source, future, executor);
			this.body = body;
		}

		@Override
		protected void runFuture(RunnableScheduledFuture<V> future) {
			this.body.run();
		}

	}

}
