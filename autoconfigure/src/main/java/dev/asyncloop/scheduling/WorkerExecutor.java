package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.ExecutorMonitor;

/**
 * The worker executor, asyncio's {@code run_in_executor} pool: a
 * {@link ThreadPoolTaskExecutor} where blocking is allowed. Every task is tracked;
 * one running longer than the long-task duration is reported. Pool sizes, queue
 * capacity, thread names, task decorator and shutdown behave as usual.
 */
public class WorkerExecutor extends ThreadPoolTaskExecutor {

	private final AsyncLoopEngine engine;

	private final ExecutorMonitor monitor;

	private final ShutdownReport shutdownReport;

	private TaskDecorator taskDecorator;

	private boolean waitsForTasks;

	/**
	 * A worker reported as {@code name}, for example {@code worker}.
	 */
	public WorkerExecutor(AsyncLoopEngine engine, String name, Duration longTaskDuration) {
		this.engine = engine;
		this.monitor = engine.directory().register(name, ExecutorKind.BLOCKING, longTaskDuration, null);
		this.shutdownReport = new ShutdownReport(engine, this.monitor);
		setThreadNamePrefix("asyncloop-" + name + "-");
	}

	/**
	 * asyncloop's view of this executor.
	 */
	public ExecutorMonitor monitor() {
		return this.monitor;
	}

	@Override
	public void setTaskDecorator(TaskDecorator taskDecorator) {
		// Applied here, inside the tracking, instead of by the pool.
		this.taskDecorator = taskDecorator;
	}

	@Override
	public Thread createThread(Runnable runnable) {
		Thread thread = this.engine.tracking()
			.threads()
			.newThread(this.monitor, getThreadGroup(), runnable, nextThreadName());
		thread.setPriority(getThreadPriority());
		thread.setDaemon(isDaemon());
		return thread;
	}

	@Override
	protected ExecutorService initializeExecutor(ThreadFactory threadFactory,
			RejectedExecutionHandler rejectedExecutionHandler) {
		ExecutorService executor = super.initializeExecutor(threadFactory, rejectedExecutionHandler);
		this.monitor.setQueueView(new PoolProbe(getThreadPoolExecutor(), true));
		return executor;
	}

	@Override
	public void execute(Runnable task) {
		dispatch(task, task, null);
	}

	@Override
	public Future<?> submit(Runnable task) {
		WorkerFuture<Object> future = new WorkerFuture<>(this.engine.tracking(), task, null);
		dispatch(task, future, future);
		return future;
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		WorkerFuture<T> future = new WorkerFuture<>(this.engine.tracking(), task);
		dispatch(task, future, future);
		return future;
	}

	@Override
	public CompletableFuture<Void> submitCompletable(Runnable task) {
		return submitCompletable(CompletableTask.of(task, this.engine.tracking()));
	}

	@Override
	public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
		return submitCompletable(CompletableTask.of(task, this.engine.tracking()));
	}

	private <T> CompletableFuture<T> submitCompletable(CompletableTask<T> task) {
		dispatch(task.source(), task, task.future());
		return task.future();
	}

	private void dispatch(Object source, Runnable body, Future<?> future) {
		TaskDecorator decorator = this.taskDecorator;
		Runnable decorated = (decorator != null) ? decorator.decorate(body) : body;
		Executor pool = getThreadPoolExecutor();
		try {
			pool.execute(new WorkerTask(this.engine.tracking(), this.monitor, source, decorated, future));
		}
		catch (RejectedExecutionException ex) {
			throw new TaskRejectedException(pool, source, ex);
		}
	}

	@Override
	protected void cancelRemainingTask(Runnable task) {
		if (task instanceof WorkerTask workerTask) {
			this.shutdownReport.queued(workerTask);
			Future<?> future = workerTask.future();
			if (future != null) {
				future.cancel(true);
			}
		}
		super.cancelRemainingTask(task);
	}

	@Override
	public void setWaitForTasksToCompleteOnShutdown(boolean waitForJobsToCompleteOnShutdown) {
		super.setWaitForTasksToCompleteOnShutdown(waitForJobsToCompleteOnShutdown);
		this.waitsForTasks = waitForJobsToCompleteOnShutdown;
	}

	@Override
	public void shutdown() {
		this.shutdownReport.around(this.waitsForTasks, super::shutdown);
	}

}
