package dev.asyncloop.scheduling;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.util.ReflectionUtils;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * What asyncloop does when an application's executor is given a task or shut down,
 * for {@link ExecutorProxy}: each task is wrapped in one tracked task, as on the
 * worker, and handed to the executor itself.
 *
 * <p>{@code submit} hands the executor a {@link SubmittedTask}, whose future notices
 * a failure nobody observes, when the executor's {@code submit} is the JDK's own (a
 * {@code FutureTask} given to {@code execute}); an executor with a {@code submit} of
 * its own gets a tracked task through it and returns its own future.
 */
final class ExecutorWatch {

	private final TaskTracking tracking;

	private final ExecutorMonitor monitor;

	/** Whether {@code submit} may return asyncloop's own future. */
	private final boolean watchesFutures;

	private final ShutdownReport shutdownReport;

	/**
	 * @param executor the executor watched, whose {@code submit} decides whether its
	 * futures are watched
	 */
	ExecutorWatch(Engine engine, ExecutorMonitor monitor, Executor executor) {
		this.tracking = engine.tracking();
		this.monitor = monitor;
		this.shutdownReport = new ShutdownReport(engine, monitor);
		this.watchesFutures = submitsFutureTasks(executor.getClass());
	}

	/**
	 * Whether the executor's {@code submit} is the JDK's: a future task handed to
	 * {@code execute}, which asyncloop may do with a future of its own.
	 */
	private static boolean submitsFutureTasks(Class<?> type) {
		return isJdks(ReflectionUtils.findMethod(type, "submit", Callable.class))
				&& isJdks(ReflectionUtils.findMethod(type, "newTaskFor", Callable.class));
	}

	private static boolean isJdks(Method method) {
		return method == null || method.getDeclaringClass().getPackageName().equals("java.util.concurrent");
	}

	void execute(Executor target, Runnable task) {
		WorkerTask tracked = new WorkerTask(this.tracking, this.monitor, task, task);
		AsyncSubmissions.name(tracked, task);
		target.execute(tracked);
	}

	<V> Future<V> submit(ExecutorService target, Callable<V> task) {
		if (!this.watchesFutures) {
			return target.submit((Callable<V>) new CallTask<>(this.tracking, this.monitor, task, task));
		}
		SubmittedTask<V> submitted = new SubmittedTask<>(this.tracking, this.monitor, task,
				new WatchedFutureTask<>(this.tracking, task));
		target.execute(submitted);
		return submitted;
	}

	<V> Future<V> submit(ExecutorService target, Runnable task, V result) {
		if (!this.watchesFutures) {
			return target.submit(new WorkerTask(this.tracking, this.monitor, task, task), result);
		}
		SubmittedTask<V> submitted = new SubmittedTask<>(this.tracking, this.monitor, task,
				new WatchedFutureTask<>(this.tracking, task, result));
		target.execute(submitted);
		return submitted;
	}

	/**
	 * Tasks for {@code invokeAll} and {@code invokeAny}: the executor's futures hold
	 * their outcomes, and the caller gets those.
	 */
	<V> List<Callable<V>> tracked(Collection<? extends Callable<V>> tasks) {
		List<Callable<V>> tracked = new ArrayList<>(tasks.size());
		for (Callable<V> task : tasks) {
			tracked.add(new CallTask<>(this.tracking, this.monitor, task, task));
		}
		return tracked;
	}

	ScheduledFuture<?> schedule(ScheduledExecutorService target, Runnable task, long delay, TimeUnit unit) {
		CallTask<?> tracked = new CallTask<>(this.tracking, this.monitor, task, Executors.callable(task));
		return tracked.scheduledAs(target.schedule((Runnable) tracked, delay, unit));
	}

	<V> ScheduledFuture<V> schedule(ScheduledExecutorService target, Callable<V> task, long delay, TimeUnit unit) {
		CallTask<V> tracked = new CallTask<>(this.tracking, this.monitor, task, task);
		return tracked.scheduledAs(target.schedule((Callable<V>) tracked, delay, unit));
	}

	ScheduledFuture<?> scheduleAtFixedRate(ScheduledExecutorService target, Runnable task, long initialDelay,
			long period, TimeUnit unit) {
		CallTask<?> tracked = new CallTask<>(this.tracking, this.monitor, task, Executors.callable(task));
		return tracked.scheduledAs(target.scheduleAtFixedRate(tracked, initialDelay, period, unit));
	}

	ScheduledFuture<?> scheduleWithFixedDelay(ScheduledExecutorService target, Runnable task, long initialDelay,
			long delay, TimeUnit unit) {
		CallTask<?> tracked = new CallTask<>(this.tracking, this.monitor, task, Executors.callable(task));
		return tracked.scheduledAs(target.scheduleWithFixedDelay(tracked, initialDelay, delay, unit));
	}

	/**
	 * Reports the tasks still running or queued, as pending: the application context
	 * has closed without them.
	 */
	void reportPending() {
		this.shutdownReport.around(true,
				() -> this.shutdownReport.queued(this.monitor.queueView().queue()));
	}

	/**
	 * A {@code shutdownNow()} drops the queued tasks and interrupts the running ones:
	 * each is reported as pending. The caller gets the tasks it gave, not asyncloop's
	 * wrappers.
	 */
	List<Runnable> shutdownNow(ExecutorService target) {
		List<Runnable> dropped = new ArrayList<>();
		this.shutdownReport.around(false, () -> {
			dropped.addAll(target.shutdownNow());
			this.shutdownReport.queued(dropped);
		});
		dropped.replaceAll((task) -> (task instanceof WorkerTask tracked) ? (Runnable) tracked.source() : task);
		return dropped;
	}

	/**
	 * {@code ThreadPoolExecutor.remove}: the queue holds asyncloop's wrapper of a task
	 * given to {@code execute}, so it is looked up by what it wraps.
	 */
	boolean remove(ThreadPoolExecutor target, Runnable task) {
		if (target.remove(task)) {
			return true;
		}
		for (Runnable queued : target.getQueue()) {
			if (queued instanceof TrackedTask tracked && tracked.source() == task) {
				return target.remove(queued);
			}
		}
		return false;
	}

}
