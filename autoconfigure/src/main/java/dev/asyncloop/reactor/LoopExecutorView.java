package dev.asyncloop.reactor;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The debug event loop's executor as Reactor may use it: everything is delegated but
 * shutting it down, because Reactor shuts down the executor of a scheduler it
 * disposes, and the loop belongs to the application context.
 */
final class LoopExecutorView implements ScheduledExecutorService {

	private final ScheduledExecutorService loop;

	LoopExecutorView(ScheduledExecutorService loop) {
		this.loop = loop;
	}

	@Override
	public void shutdown() {
	}

	@Override
	public List<Runnable> shutdownNow() {
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return this.loop.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.loop.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.loop.awaitTermination(timeout, unit);
	}

	@Override
	public void execute(Runnable command) {
		this.loop.execute(command);
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		return this.loop.submit(task);
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		return this.loop.submit(task, result);
	}

	@Override
	public Future<?> submit(Runnable task) {
		return this.loop.submit(task);
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		return this.loop.invokeAll(tasks);
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return this.loop.invokeAll(tasks, timeout, unit);
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
		return this.loop.invokeAny(tasks);
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.loop.invokeAny(tasks, timeout, unit);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return this.loop.schedule(command, delay, unit);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return this.loop.schedule(callable, delay, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		return this.loop.scheduleAtFixedRate(command, initialDelay, period, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		return this.loop.scheduleWithFixedDelay(command, initialDelay, delay, unit);
	}

}
