package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Delayed;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * A task given to the debug event loop's {@code execute}: tracked, and queued by the
 * loop as it is, with no future of the loop's own inside. Nobody can ask for the
 * outcome of such a task, so the future that {@code ScheduledThreadPoolExecutor} makes
 * for every task (and the adapter inside it) would only be two more objects per task
 * and one more hop in every comparison of the loop's queue. {@link LoopTask} is the
 * loop's scheduled, periodic, submitted or decorated task.
 *
 * <p>The task is due when it was submitted, as the task clock read it; among tasks due
 * at the same time, the first submitted runs first. A failure is reported as an
 * exception nobody can retrieve.
 */
final class ExecutedLoopTask extends TrackedTask implements RunnableScheduledFuture<Object> {

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(ExecutedLoopTask.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final int QUEUED = 0;

	private static final int RUNNING = 1;

	private static final int DONE = 2;

	private static final int CANCELLED = 3;

	private final Runnable body;

	/** Its place among tasks due at the same time. */
	private final long sequence;

	private final ScheduledThreadPoolExecutor executor;

	@SuppressWarnings("unused") // accessed through STATE
	private volatile int state;

	ExecutedLoopTask(TaskTracking tracking, ExecutorMonitor monitor, Object source, Runnable body, long sequence,
			ScheduledThreadPoolExecutor executor) {
		super(tracking, monitor, source);
		this.body = body;
		this.sequence = sequence;
		this.executor = executor;
	}

	@Override
	protected boolean runTask() {
		if (!STATE.compareAndSet(this, QUEUED, RUNNING)) {
			return true; // cancelled while it was queued
		}
		try {
			this.body.run();
			return true;
		}
		catch (Throwable ex) {
			failedUnretrievably(ex); // not wrapped in the loop's error handler, which reports its own
			return false;
		}
		finally {
			STATE.setRelease(this, DONE);
		}
	}

	@Override
	public boolean isPeriodic() {
		return false;
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return unit.convert(submittedAt() - System.nanoTime(), TimeUnit.NANOSECONDS);
	}

	@Override
	public int compareTo(Delayed other) {
		if (other == this) {
			return 0;
		}
		if (other instanceof ExecutedLoopTask task) {
			long diff = submittedAt() - task.submittedAt();
			return (diff != 0) ? ((diff < 0) ? -1 : 1) : Long.compare(this.sequence, task.sequence);
		}
		if (other instanceof LoopTask<?> scheduled) {
			// By its own future's delay: its getDelay() would note a take the queue did not make.
			return -scheduled.compareTo(this);
		}
		long diff = getDelay(TimeUnit.NANOSECONDS) - other.getDelay(TimeUnit.NANOSECONDS);
		return (diff < 0) ? -1 : ((diff > 0) ? 1 : 0);
	}

	/**
	 * Cancels the task if it has not started; the loop's queue lets go of it when the
	 * loop removes cancelled tasks.
	 */
	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = STATE.compareAndSet(this, QUEUED, CANCELLED);
		if (cancelled && this.executor.getRemoveOnCancelPolicy()) {
			this.executor.remove(this);
		}
		return cancelled;
	}

	@Override
	public boolean isCancelled() {
		return (int) STATE.getAcquire(this) == CANCELLED;
	}

	@Override
	public boolean isDone() {
		int state = (int) STATE.getAcquire(this);
		return state == DONE || state == CANCELLED;
	}

	/**
	 * Not supported: {@code execute} hands no future out, and a task it queued has no
	 * outcome to wait for.
	 */
	@Override
	public Object get() {
		throw new UnsupportedOperationException("A task given to execute() has no outcome to get");
	}

	/**
	 * Not supported: see {@link #get()}.
	 */
	@Override
	public Object get(long timeout, TimeUnit unit) {
		return get();
	}

}
