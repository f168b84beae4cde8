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

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;

/**
 * The worker executor, asyncio's {@code run_in_executor} pool: a
 * {@link ThreadPoolTaskExecutor} where blocking is allowed. Every task is tracked;
 * one running longer than the long-task duration is reported. Pool sizes, queue
 * capacity, thread names, task decorator and shutdown behave as usual.
 */
public class WorkerExecutor extends ThreadPoolTaskExecutor {

	private final PoolTracking pool;

	/**
	 * A worker reported as {@code name}, for example {@code worker}.
	 */
	public WorkerExecutor(Engine engine, String name, Duration longTaskDuration) {
		this.pool = new PoolTracking(engine,
				engine.directory().register(name, ExecutorKind.BLOCKING, longTaskDuration, null));
		setThreadNamePrefix("asyncloop-" + name + "-");
	}

	@Override
	public void setTaskDecorator(TaskDecorator taskDecorator) {
		// Applied here, inside the tracking, instead of by the pool.
		this.pool.setTaskDecorator(taskDecorator);
	}

	@Override
	public Thread createThread(Runnable runnable) {
		return this.pool.newThread(this, runnable, nextThreadName());
	}

	@Override
	protected ExecutorService initializeExecutor(ThreadFactory threadFactory,
			RejectedExecutionHandler rejectedExecutionHandler) {
		ExecutorService executor = super.initializeExecutor(threadFactory, rejectedExecutionHandler);
		this.pool.monitor().setQueueView(new ThreadPoolState(getThreadPoolExecutor(), true, this));
		return executor;
	}

	@Override
	public void execute(Runnable task) {
		dispatch(task, task, null);
	}

	@Override
	public Future<?> submit(Runnable task) {
		WatchedFutureTask<Object> future = new WatchedFutureTask<>(this.pool.tracking(), task, null);
		dispatch(task, future, future);
		return future;
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		WatchedFutureTask<T> future = new WatchedFutureTask<>(this.pool.tracking(), task);
		dispatch(task, future, future);
		return future;
	}

	@Override
	public CompletableFuture<Void> submitCompletable(Runnable task) {
		return submitCompletable(CompletableTask.of(task, this.pool.tracking()));
	}

	@Override
	public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
		return submitCompletable(CompletableTask.of(task, this.pool.tracking()));
	}

	private <T> CompletableFuture<T> submitCompletable(CompletableTask<T> task) {
		dispatch(task.source(), task, task.future());
		return task.future();
	}

	private void dispatch(Object source, Runnable body, Future<?> future) {
		TaskDecorator decorator = this.pool.taskDecorator();
		Runnable decorated = (decorator != null) ? decorator.decorate(body) : body;
		Executor executor = getThreadPoolExecutor();
		try {
			executor.execute(new WorkerTask(this.pool.tracking(), this.pool.monitor(), source, decorated, future));
		}
		catch (RejectedExecutionException ex) {
			throw new TaskRejectedException(executor, source, ex);
		}
	}

	@Override
	protected void cancelRemainingTask(Runnable task) {
		if (task instanceof WorkerTask workerTask) {
			this.pool.dropped(workerTask);
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
		this.pool.setWaitsForTasks(waitForJobsToCompleteOnShutdown);
	}

	@Override
	public void shutdown() {
		this.pool.shutdown(super::shutdown);
	}

}
