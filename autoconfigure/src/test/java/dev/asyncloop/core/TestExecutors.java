package dev.asyncloop.core;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.QueueView;
import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;
import dev.asyncloop.core.internal.Engine;

/**
 * A plain thread pool whose tasks the engine tracks, as an integration would build it.
 */
final class TestExecutors {

	private TestExecutors() {
	}

	static ThreadPoolExecutor pool(Engine engine, String name, ExecutorKind kind, int threads) {
		AtomicInteger count = new AtomicInteger();
		ExecutorMonitor[] monitor = new ExecutorMonitor[1];
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (runnable) -> engine.tracking()
					.threads()
					.newThread(monitor[0], null, runnable, "test-" + name + "-" + count.incrementAndGet())) {
			@Override
			public void execute(Runnable command) {
				super.execute((command instanceof TrackedTask) ? command
						: new Task(engine.tracking(), monitor[0], command));
			}
		};
		monitor[0] = engine.directory().register(name, kind, Duration.ofSeconds(10), new QueueView() {
			@Override
			public Iterable<?> queue() {
				return pool.getQueue();
			}

			@Override
			public int queued() {
				return pool.getQueue().size();
			}

			@Override
			public int threads() {
				return pool.getPoolSize();
			}
		});
		return pool;
	}

	static final class Task extends TrackedTask {

		private final Runnable body;

		Task(TaskTracking tracking, ExecutorMonitor executor, Runnable body) {
			super(tracking, executor, body);
			this.body = body;
		}

		@Override
		protected boolean runTask() {
			this.body.run();
			return true;
		}

	}

}
