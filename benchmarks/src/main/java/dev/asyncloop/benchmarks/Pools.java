package dev.asyncloop.benchmarks;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The Spring pools the task benchmarks run, asyncloop's and their plain counterparts,
 * set up alike: the last task may still be ending when a trial does, so each pool's
 * shutdown waits for it instead of reporting it pending.
 */
final class Pools {

	private Pools() {
	}

	/**
	 * {@code scheduler} with one thread, started.
	 */
	static <S extends ThreadPoolTaskScheduler> S oneThread(S scheduler) {
		scheduler.setPoolSize(1);
		scheduler.setWaitForTasksToCompleteOnShutdown(true);
		scheduler.setAwaitTerminationSeconds(10);
		scheduler.initialize();
		return scheduler;
	}

	/**
	 * {@code executor} with {@code threads} threads, started.
	 */
	static <E extends ThreadPoolTaskExecutor> E withThreads(E executor, int threads) {
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(10);
		executor.initialize();
		return executor;
	}

}
