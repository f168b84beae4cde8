package dev.asyncloop.benchmarks;

import java.util.concurrent.Executor;

/**
 * The least any per-task timing costs, as a baseline: each task given to the pool is
 * wrapped in one small record that reads the clock when the task is submitted, when it
 * starts and when it ends, and keeps the three readings in its own fields. Nothing is
 * reported, looked up or shared. What asyncloop's worker costs beyond this is its
 * bookkeeping; what this costs beyond the plain pool is the price of knowing each task's
 * queue delay and duration at all.
 */
final class StampedExecutor implements Executor {

	private final Executor pool;

	StampedExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		this.pool.execute(new Stamped(task, System.nanoTime()));
	}

	private static final class Stamped implements Runnable {

		private final Runnable task;

		private final long submittedAt;

		private long startedAt;

		private long endedAt;

		Stamped(Runnable task, long submittedAt) {
			this.task = task;
			this.submittedAt = submittedAt;
		}

		@Override
		public void run() {
			this.startedAt = System.nanoTime();
			try {
				this.task.run();
			}
			finally {
				this.endedAt = System.nanoTime();
			}
		}

		@Override
		public String toString() {
			return "waited " + (this.startedAt - this.submittedAt) + " ns, ran " + (this.endedAt - this.startedAt) + " ns";
		}

	}

}
