package dev.asyncloop.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * Heap kept per live task: many tasks queued behind a blocked loop, heap measured
 * after garbage collection, against the same on a plain {@link ThreadPoolTaskScheduler}.
 * Prints {@code task-record-bytes raw=… asyncloop=… record=…} (bytes per queued task;
 * {@code record} is asyncloop's addition).
 */
public final class TaskRecordBytes {

	private TaskRecordBytes() {
	}

	public static void main(String[] args) throws Exception {
		int tasks = (args.length > 0 && args[0].equals("--quick")) ? 50_000 : 200_000;
		System.out.println(measure(tasks, false));
		System.out.println(measure(tasks, true));
	}

	/**
	 * @param debug whether the loop runs in debug mode, where each task knows where it was submitted
	 */
	static Result measure(int tasks, boolean debug) throws Exception {
		double raw = bytesPerQueuedTask(new ThreadPoolTaskScheduler(), tasks);
		Engine engine = new Engine(EngineOptions.defaults().withDebug(debug));
		engine.start();
		double asyncloop;
		try {
			asyncloop = bytesPerQueuedTask(new DebugEventLoop(engine, "loop"), tasks);
		}
		finally {
			engine.close();
		}
		return new Result(debug ? "debug-task-record-bytes" : "task-record-bytes", raw, asyncloop);
	}

	private static double bytesPerQueuedTask(ThreadPoolTaskScheduler scheduler, int tasks) throws Exception {
		scheduler.setPoolSize(1);
		scheduler.initialize();
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocked = new CountDownLatch(1);
		scheduler.execute(() -> {
			blocked.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		blocked.await();
		Runnable task = () -> {
		};
		long before = usedAfterGc();
		for (int i = 0; i < tasks; i++) {
			scheduler.execute(task);
		}
		long after = usedAfterGc();
		release.countDown();
		scheduler.setWaitForTasksToCompleteOnShutdown(true); // drained, not dropped: nothing pending to report
		scheduler.setAwaitTerminationSeconds(60);
		scheduler.shutdown();
		return (after - before) / (double) tasks;
	}

	private static long usedAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(50);
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/** Bytes per queued task on the plain scheduler and on the loop. */
	record Result(String name, double rawBytes, double asyncloopBytes) {

		/** What asyncloop adds to each live task. */
		double recordBytes() {
			return this.asyncloopBytes - this.rawBytes;
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "%s raw=%.1f asyncloop=%.1f record=%.1f", this.name,
					this.rawBytes, this.asyncloopBytes, recordBytes());
		}

	}

}
