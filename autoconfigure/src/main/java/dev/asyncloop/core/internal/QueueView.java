package dev.asyncloop.core.internal;

/**
 * What an executor integration lets asyncloop see of its executor beyond the tasks
 * that pass through asyncloop: the queue, and how many threads serve it.
 */
public interface QueueView {

	/** The view of an executor whose queue asyncloop cannot see. */
	QueueView NONE = new QueueView() {
	};

	/**
	 * The executor's current (or configured) number of threads, or {@code -1} when unknown.
	 */
	default int threads() {
		return -1;
	}

	/**
	 * The tasks waiting in the executor's queue, or those of them that can be read
	 * without copying a large queue (at least its head). Elements that are not
	 * {@link TrackedTask}s are skipped. Read on request only, never per task.
	 */
	default Iterable<?> queue() {
		return java.util.List.of();
	}

	/**
	 * The task first in line, read cheaply (no copy of the queue), or {@code null}:
	 * in a first-in-first-out queue the one that has waited longest, in a scheduler's
	 * the one due first.
	 */
	default Object head() {
		java.util.Iterator<?> queue = queue().iterator();
		return queue.hasNext() ? queue.next() : null;
	}

	/**
	 * How many tasks wait in the queue, due or not, or {@code -1} when unknown.
	 */
	default int queued() {
		return -1;
	}

	/**
	 * How many of the tasks in the queue are not due yet: a scheduler's tasks scheduled
	 * for later. Counted cheaply (no copy of a large queue); {@code 0} when none or
	 * when the queue is not a scheduler's.
	 */
	default int scheduled() {
		return 0;
	}

	/**
	 * Whether the executor holds its queued tasks back on purpose: paused by Spring's
	 * lifecycle, while its application context is stopped (or, in tests, paused while
	 * another context is in use). Its tasks wait for it to go on; nothing starves it.
	 */
	default boolean paused() {
		return false;
	}

}
