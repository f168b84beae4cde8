package dev.asyncloop.reactor;

import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.asyncloop.scheduling.DebugEventLoop;

/**
 * Reactor's parallel scheduler on the debug event loop: Reactor's own scheduler over
 * the loop's executor, each task named after what the application scheduled. Reactor
 * hands the executor its own wrapper of each task (after the schedule hook, which
 * leaves the loop's tracking to the loop), so without this the loop would name them
 * all {@code SchedulerTask}, even a {@link dev.asyncloop.core.NamedTask}.
 */
final class LoopScheduler implements Scheduler, Scannable {

	private final Scheduler scheduler;

	LoopScheduler(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public Disposable schedule(Runnable task) {
		return DebugEventLoop.submitting(task, () -> this.scheduler.schedule(task));
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		return DebugEventLoop.submitting(task, () -> this.scheduler.schedule(task, delay, unit));
	}

	@Override
	public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
		return DebugEventLoop.submitting(task,
				() -> this.scheduler.schedulePeriodically(task, initialDelay, period, unit));
	}

	@Override
	public long now(TimeUnit unit) {
		return this.scheduler.now(unit);
	}

	@Override
	public Worker createWorker() {
		return new LoopWorker(this.scheduler.createWorker());
	}

	@Override
	public void init() {
		this.scheduler.init();
	}

	@Override
	public void dispose() {
		this.scheduler.dispose();
	}

	@Override
	public Mono<Void> disposeGracefully() {
		return this.scheduler.disposeGracefully();
	}

	@Override
	public boolean isDisposed() {
		return this.scheduler.isDisposed();
	}

	@Override
	public Object scanUnsafe(Attr key) {
		return Scannable.from(this.scheduler).scanUnsafe(key);
	}

	@Override
	public String toString() {
		return this.scheduler.toString();
	}

	private static final class LoopWorker implements Worker {

		private final Worker worker;

		LoopWorker(Worker worker) {
			this.worker = worker;
		}

		@Override
		public Disposable schedule(Runnable task) {
			return DebugEventLoop.submitting(task, () -> this.worker.schedule(task));
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			return DebugEventLoop.submitting(task, () -> this.worker.schedule(task, delay, unit));
		}

		@Override
		public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
			return DebugEventLoop.submitting(task,
					() -> this.worker.schedulePeriodically(task, initialDelay, period, unit));
		}

		@Override
		public void dispose() {
			this.worker.dispose();
		}

		@Override
		public boolean isDisposed() {
			return this.worker.isDisposed();
		}

	}

}
