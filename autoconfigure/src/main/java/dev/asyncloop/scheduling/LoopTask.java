package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.BlockingWaits;
import dev.asyncloop.core.ExecutorMonitor;
import dev.asyncloop.core.TrackedTask;

/**
 * A task of the debug event loop: the loop's own scheduled future, tracked. The
 * executor queues this object, so the loop's queue is also asyncloop's view of its
 * queued and scheduled tasks. A periodic task is the same object at every period.
 *
 * @param <V> the future's result type
 */
final class LoopTask<V> extends TrackedTask implements RunnableScheduledFuture<V> {

	private static final VarHandle OUTCOME;

	static {
		try {
			OUTCOME = MethodHandles.lookup().findVarHandle(LoopTask.class, "outcome", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final String GET = "java.util.concurrent.Future.get";

	private final RunnableScheduledFuture<V> future;

	/** What runs: the future itself, or the user's task decorator around it. */
	private final Runnable body;

	private final ScheduledThreadPoolExecutor executor;

	/** Whether anybody looked at the outcome; see {@link Outcome}. */
	@SuppressWarnings("unused") // accessed through OUTCOME
	private volatile Object outcome;

	LoopTask(ExecutorMonitor monitor, Object source, RunnableScheduledFuture<V> future, Runnable body,
			ScheduledThreadPoolExecutor executor) {
		super(monitor, source);
		this.future = future;
		this.body = body;
		this.executor = executor;
	}

	@Override
	protected boolean runTask() {
		this.body.run();
		if (this.future.isPeriodic()) {
			return true; // Spring's error handler dealt with any failure; the next run is due
		}
		Throwable error = failure(this.future);
		if (error != null) {
			Outcome.failed(OUTCOME, this, registry(), this, error);
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
	 * How late the task started: the negated delay the loop's own future reports.
	 */
	@Override
	protected long queueDelay(long startNanos) {
		return -this.future.getDelay(TimeUnit.NANOSECONDS);
	}

	@Override
	public long delayNanos() {
		return this.future.getDelay(TimeUnit.NANOSECONDS);
	}

	@Override
	public boolean isPeriodic() {
		return this.future.isPeriodic();
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return this.future.getDelay(unit);
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
	public boolean isCancelled() {
		return this.future.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.future.isDone();
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		Outcome.observe(OUTCOME, this, registry());
		if (this.future.isDone()) {
			return this.future.get();
		}
		BlockingWaits.Wait wait = registry().blockingWaits().begin(GET);
		try {
			return this.future.get();
		}
		finally {
			registry().blockingWaits().end(wait);
		}
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		Outcome.observe(OUTCOME, this, registry());
		if (this.future.isDone()) {
			return this.future.get(timeout, unit);
		}
		BlockingWaits.Wait wait = registry().blockingWaits().begin(GET);
		try {
			return this.future.get(timeout, unit);
		}
		finally {
			registry().blockingWaits().end(wait);
		}
	}

}
