package dev.asyncloop.reactor;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code asyncloop.reactor.schedulers=loop}: {@code Schedulers.parallel()} runs on the
 * debug event loop's threads, so that Reactor's parallel work and the application's
 * scheduled tasks share one event loop, as in asyncio. The previous scheduler factory
 * and cached schedulers are restored when the context closes.
 */
final class LoopRouting implements AutoCloseable {

	private final Schedulers.Snapshot previous;

	private LoopRouting(ScheduledExecutorService loop, String name) {
		this.previous = Schedulers.setFactoryWithSnapshot(new Schedulers.Factory() {
			@Override
			public Scheduler newParallel(int parallelism, ThreadFactory threadFactory) {
				// The loop's own threads, not new ones; disposing this scheduler leaves the loop running.
				return new LoopScheduler(Schedulers.fromExecutorService(new LoopExecutorView(loop), name));
			}
		});
	}

	static LoopRouting install(ScheduledExecutorService loop, String name) {
		return new LoopRouting(loop, name);
	}

	@Override
	public void close() {
		Schedulers.resetFrom(this.previous);
	}

}
