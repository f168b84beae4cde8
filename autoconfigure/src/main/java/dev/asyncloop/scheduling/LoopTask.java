package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
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
	 * Submitted at the time of the task clock, as every task is, so that what happened
	 * before and after a moment on that clock (a test's start) is told apart the same
	 * way for the loop's tasks; when it is due is asked of the loop's own future.
	 */
	LoopTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, RunnableScheduledFuture<V> future,
			ScheduledThreadPoolExecutor executor) {
		super(tracking, monitor, source, tracking.clock().now(), future);
		this.executor = executor;
	}

	@Override
	protected boolean runTask() {
		this.future.run();
		return outcomeReported();
	}

	/**
	 * Reports the loop's own future's failure, once it ran, for whoever may retrieve it.
	 * @return whether the run succeeded
	 */
	final boolean outcomeReported() {
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
	 * When the task was submitted, or, while it is scheduled for later, when it will be
	 * due (so that it has waited for nothing yet).
	 */
	@Override
	public long submittedAt() {
		long delay = this.future.getDelay(TimeUnit.NANOSECONDS);
		return (delay > 0 && !this.future.isDone()) ? System.nanoTime() + delay : super.submittedAt();
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
		return OutcomeObservation.await(OUTCOME, this, tracking(), GET, this::outcome);
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return OutcomeObservation.await(OUTCOME, this, tracking(), GET, () -> outcome(timeout, unit));
	}

	/**
	 * The loop's own future's outcome.
	 */
	V outcome() throws InterruptedException, ExecutionException {
		return this.future.get();
	}

	/**
	 * The loop's own future's outcome, waiting at most {@code timeout}.
	 */
	V outcome(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return this.future.get(timeout, unit);
	}

	/**
	 * A loop task run inside the application's {@code TaskDecorator}: kept apart so
	 * that the common task, without one, stays one field smaller. A decorator that
	 * throws before running the task fails the task's future with its exception (the
	 * loop's thread goes on), as if the task had thrown it.
	 */
	static final class Decorated<V> extends LoopTask<V> {

		private final Runnable body;

		/** What the decorator threw instead of running the task, for {@code get()}. */
		private volatile Throwable decoratorFailure;

		Decorated(TaskTracking tracking, ExecutorMonitor monitor, Object source, RunnableScheduledFuture<V> future,
				ScheduledThreadPoolExecutor executor, Runnable body) {
			super(tracking, monitor, source, future, executor);
			this.body = body;
		}

		@Override
		protected boolean runTask() {
			try {
				this.body.run();
			}
			catch (Throwable ex) {
				// The loop's own future never throws: the decorator did.
				decoratorFailed(ex);
				return false;
			}
			return outcomeReported();
		}

		private void decoratorFailed(Throwable ex) {
			if (this.future.isDone()) {
				UnrunFailure.decoratorFailed(tracking(), this, null, ex); // it ran: nobody can retrieve this
				return;
			}
			this.decoratorFailure = ex;
			this.future.cancel(false); // done, and a periodic task not run again
			if (source() instanceof CompletableTask<?> task) {
				UnrunFailure.decoratorFailed(tracking(), this, task.future(), ex);
			}
			else {
				OutcomeObservation.failed(OUTCOME, this, tracking(), this, ex);
			}
		}

		@Override
		V outcome() throws InterruptedException, ExecutionException {
			try {
				return super.outcome();
			}
			catch (CancellationException ex) {
				throw failedOr(ex);
			}
		}

		@Override
		V outcome(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
			try {
				return super.outcome(timeout, unit);
			}
			catch (CancellationException ex) {
				throw failedOr(ex);
			}
		}

		/**
		 * The decorator's failure, as {@code get()} throws a task's, when the loop's
		 * future was cancelled for it; otherwise the cancellation.
		 */
		private ExecutionException failedOr(CancellationException cancelled) {
			Throwable failure = this.decoratorFailure;
			if (failure == null) {
				throw cancelled;
			}
			return new ExecutionException(failure);
		}

		@Override
		public boolean isCancelled() {
			return this.decoratorFailure == null && super.isCancelled();
		}

	}

}
