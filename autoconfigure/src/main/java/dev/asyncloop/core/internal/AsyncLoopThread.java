package dev.asyncloop.core.internal;

/**
 * A thread of an executor that asyncloop created. It carries its {@link ThreadSlot}
 * in a field, so finding it costs a type check instead of a thread-local lookup.
 */
class AsyncLoopThread extends Thread {

	private final ThreadSlots slots;

	private final ThreadSlot slot;

	AsyncLoopThread(ThreadSlots slots, ExecutorMonitor executor, ThreadGroup group, Runnable target, String name) {
		super(group, target, name);
		this.slots = slots;
		this.slot = slots.register(this, executor);
	}

	/**
	 * The slots this thread's slot belongs to: another engine's slots (a second
	 * application context) know nothing of it.
	 */
	ThreadSlots slots() {
		return this.slots;
	}

	ThreadSlot slot() {
		return this.slot;
	}

}
