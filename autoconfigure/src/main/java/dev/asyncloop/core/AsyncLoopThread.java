package dev.asyncloop.core;

/**
 * A thread of an executor that asyncloop created. It carries its {@link ThreadSlot}
 * in a field, so finding it costs a type check instead of a thread-local lookup.
 */
public class AsyncLoopThread extends Thread {

	private final TaskRegistry registry;

	private final ThreadSlot slot;

	public AsyncLoopThread(TaskRegistry registry, ExecutorMonitor executor, ThreadGroup group, Runnable target,
			String name) {
		super(group, target, name);
		this.registry = registry;
		this.slot = registry.register(this, executor);
	}

	TaskRegistry registry() {
		return this.registry;
	}

	ThreadSlot slot() {
		return this.slot;
	}

}
