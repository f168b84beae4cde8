package dev.asyncloop.core;

/**
 * What an executor integration can tell about its executor beyond the tasks that
 * pass through asyncloop: its threads and its queue.
 */
public interface ExecutorProbe {

	/** A probe for executors whose queue asyncloop cannot see. */
	ExecutorProbe NONE = new ExecutorProbe() {
	};

	/**
	 * The executor's current (or configured) number of threads, or {@code -1} when unknown.
	 */
	default int threads() {
		return -1;
	}

	/**
	 * The tasks waiting in the executor's queue. Elements that are not
	 * {@link TrackedTask}s are skipped. Read on request only, never per task.
	 */
	default Iterable<?> queue() {
		return java.util.List.of();
	}

	/**
	 * How many tasks wait in the queue, or {@code -1} when unknown.
	 */
	default int queued() {
		return -1;
	}

}
