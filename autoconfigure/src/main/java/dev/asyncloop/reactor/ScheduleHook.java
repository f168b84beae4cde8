package dev.asyncloop.reactor;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.scheduler.Schedulers;

import dev.asyncloop.core.internal.TaskTracking;

/**
 * Reactor's keyed schedule hook: every task given to any Reactor {@code Scheduler}
 * is wrapped in a {@link ReactorTask}. Reactor composes it with other libraries'
 * hooks and removes exactly this one by its key, so two applications in one JVM each
 * install and remove their own.
 */
final class ScheduleHook implements AutoCloseable {

	private static final AtomicLong instances = new AtomicLong();

	private final String key = "asyncloop-" + instances.incrementAndGet();

	private ScheduleHook(TaskTracking tracking) {
		Schedulers.onScheduleHook(this.key, (task) -> new ReactorTask(tracking, task));
	}

	static ScheduleHook install(TaskTracking tracking) {
		return new ScheduleHook(tracking);
	}

	@Override
	public void close() {
		Schedulers.resetOnScheduleHook(this.key);
	}

}
