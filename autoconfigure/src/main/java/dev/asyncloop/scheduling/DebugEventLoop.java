package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ErrorHandler;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * The debug event loop: a {@link ThreadPoolTaskScheduler} whose threads are
 * non-blocking. Every task it runs is tracked; a task running longer than the
 * slow-callback duration is reported while it is still running. Everything a
 * {@code ThreadPoolTaskScheduler} does (pool size, thread names, task decorator,
 * error handler, graceful shutdown, lifecycle) works as usual; only Spring's default
 * error handler is replaced, so that a failure is reported once, by asyncloop.
 */
public class DebugEventLoop extends ThreadPoolTaskScheduler {

	/** What a caller is scheduling on this thread, when the loop is handed a wrapper of it. */
	private static final ThreadLocal<Object> SUBMITTING = new ThreadLocal<>();

	private final PoolTracking pool;

	private final LoopErrorHandler errorHandler;

	/**
	 * A loop reported as {@code name}, for example {@code loop}.
	 */
	public DebugEventLoop(Engine engine, String name) {
		this(engine, engine.directory().register(name, ExecutorKind.NON_BLOCKING, Duration.ofDays(1), null));
	}

	DebugEventLoop(Engine engine, ExecutorMonitor monitor) {
		this.pool = new PoolTracking(engine, monitor);
		this.errorHandler = new LoopErrorHandler(engine.tracking());
		super.setErrorHandler(this.errorHandler);
		setThreadNamePrefix("asyncloop-" + monitor.name() + "-");
	}

	/**
	 * Runs {@code submit}, which hands a loop's executor a framework's wrapper of
	 * {@code task} (Reactor wraps every task it schedules), so that the loop's task is
	 * named after {@code task}: in the tasks report, in findings and in the report of
	 * pending tasks at shutdown.
	 */
	public static <T> T submitting(Object task, Supplier<T> submit) {
		SUBMITTING.set(task);
		try {
			return submit.get();
		}
		finally {
			SUBMITTING.remove();
		}
	}

	@Override
	public void setTaskDecorator(TaskDecorator taskDecorator) {
		// Applied by this loop's tasks themselves, inside their tracking.
		this.pool.setTaskDecorator(taskDecorator);
	}

	/**
	 * Sets the application's error handler, which then gets every failure of a task on
	 * this loop; without one, asyncloop reports failures instead of Spring's default
	 * handler logging them too.
	 */
	@Override
	public void setErrorHandler(ErrorHandler errorHandler) {
		this.errorHandler.setApplicationHandler(errorHandler);
	}

	@Override
	public Thread createThread(Runnable runnable) {
		return this.pool.newThread(this, runnable, nextThreadName());
	}

	@Override
	protected ScheduledExecutorService createExecutor(int poolSize, ThreadFactory threadFactory,
			RejectedExecutionHandler rejectedExecutionHandler) {
		LoopExecutor executor = new LoopExecutor(poolSize, threadFactory, rejectedExecutionHandler);
		this.pool.monitor().setQueueView(new ThreadPoolState(executor, true, this));
		return executor;
	}

	@Override
	public CompletableFuture<Void> submitCompletable(Runnable task) {
		return submitCompletable(CompletableTask.of(task, this.pool.tracking()));
	}

	@Override
	public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
		return submitCompletable(CompletableTask.of(task, this.pool.tracking()));
	}

	/**
	 * Like the worker's: a future that knows whether anybody observed its failure.
	 * Spring's default ({@code CompletableFuture.runAsync}) would hide the failure from
	 * the loop, which would count the task as completed and never report it.
	 */
	private <T> CompletableFuture<T> submitCompletable(CompletableTask<T> task) {
		ScheduledExecutorService executor = getScheduledExecutor();
		try {
			// No error handler around it: the task hands every failure to its future.
			executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			throw new TaskRejectedException(executor, task.source(), ex);
		}
		return task.future();
	}

	@Override
	protected void cancelRemainingTask(Runnable task) {
		if (task instanceof TrackedTask tracked && task instanceof Future<?> future && !future.isDone()) {
			this.pool.dropped(tracked);
		}
		super.cancelRemainingTask(task);
	}

	@Override
	public void setWaitForTasksToCompleteOnShutdown(boolean waitForJobsToCompleteOnShutdown) {
		super.setWaitForTasksToCompleteOnShutdown(waitForJobsToCompleteOnShutdown);
		this.pool.setWaitsForTasks(waitForJobsToCompleteOnShutdown);
	}

	@Override
	public void shutdown() {
		this.pool.shutdown(super::shutdown);
	}

	private final class LoopExecutor extends ScheduledThreadPoolExecutor {

		/** The order of tasks given to {@code execute} among those due at the same time. */
		private final AtomicLong sequence = new AtomicLong();

		/** Whether {@code shutdownNow()} was called: queued tasks then never run. */
		private volatile boolean stopped;

		LoopExecutor(int poolSize, ThreadFactory threadFactory, RejectedExecutionHandler handler) {
			super(poolSize, threadFactory, handler);
		}

		/**
		 * Queues the task itself, tracked, as the executor would queue the future it makes
		 * for it: refused once shut down, dropped if stopped meanwhile, a thread started if
		 * the pool has fewer than its size. A task the application's decorator wraps goes
		 * the executor's own way.
		 */
		@Override
		public void execute(Runnable command) {
			PoolTracking pool = DebugEventLoop.this.pool;
			if (command == null || pool.taskDecorator() != null) {
				super.execute(command);
				return;
			}
			Object caller = SUBMITTING.get();
			ExecutedLoopTask task = new ExecutedLoopTask(pool.tracking(), pool.monitor(),
					(caller != null) ? caller : SubmittedTasks.unwrap(command), command, this.sequence.getAndIncrement(),
					this);
			if (isShutdown()) {
				getRejectedExecutionHandler().rejectedExecution(task, this);
				return;
			}
			super.getQueue().add(task);
			if (this.stopped && remove(task)) {
				task.cancel(false);
				return;
			}
			prestartCoreThread();
		}

		@Override
		public List<Runnable> shutdownNow() {
			this.stopped = true;
			return super.shutdownNow();
		}

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			DebugEventLoop.this.beforeExecute(thread, task);
		}

		@Override
		protected void afterExecute(Runnable task, Throwable ex) {
			DebugEventLoop.this.afterExecute(task, ex);
		}

		@Override
		protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
			return track(runnable, task);
		}

		@Override
		protected <V> RunnableScheduledFuture<V> decorateTask(Callable<V> callable, RunnableScheduledFuture<V> task) {
			return track(callable, task);
		}

		private <V> RunnableScheduledFuture<V> track(Object submitted, RunnableScheduledFuture<V> task) {
			Object caller = SUBMITTING.get(); // on the submitting thread: a few nanoseconds
			Object source = (caller != null) ? caller : SubmittedTasks.unwrap(submitted);
			PoolTracking pool = DebugEventLoop.this.pool;
			TaskDecorator decorator = pool.taskDecorator();
			if (decorator != null) {
				return new LoopTask.Decorated<>(pool.tracking(), pool.monitor(), source, task, this,
						decorator.decorate(task));
			}
			return new LoopTask<>(pool.tracking(), pool.monitor(), source, task, this);
		}

	}

}
