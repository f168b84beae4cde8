package dev.asyncloop.core.internal;

/**
 * Totals of the tasks an executor has finished.
 *
 * @param completed tasks that ended normally
 * @param failed tasks that ended with an exception
 * @param busyNanos time spent running tasks
 * @param delayNanos time tasks waited past their due time before starting
 */
public record TaskStats(long completed, long failed, long busyNanos, long delayNanos) {

	/**
	 * Tasks that ended, normally or not.
	 */
	public long finished() {
		return this.completed + this.failed;
	}

	static final class Builder {

		private long completed;

		private long failed;

		private long busyNanos;

		private long delayNanos;

		void add(long completed, long failed, long busyNanos, long delayNanos) {
			this.completed += completed;
			this.failed += failed;
			this.busyNanos += busyNanos;
			this.delayNanos += delayNanos;
		}

		void add(TaskStats stats) {
			add(stats.completed, stats.failed, stats.busyNanos, stats.delayNanos);
		}

		TaskStats build() {
			return new TaskStats(this.completed, this.failed, this.busyNanos, this.delayNanos);
		}

	}

}
