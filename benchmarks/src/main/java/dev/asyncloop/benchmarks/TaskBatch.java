package dev.asyncloop.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

import org.openjdk.jmh.infra.Blackhole;

/**
 * A batch of tasks handed to an executor from the benchmark thread, each doing
 * {@code tokens} of {@link Blackhole#consumeCPU} work, waited for as a whole: the
 * hand-off to the executor's thread is part of what is measured.
 */
final class TaskBatch {

	private TaskBatch() {
	}

	static void runAndWait(Executor executor, int tasks, long tokens) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(tasks);
		Runnable task = () -> {
			Blackhole.consumeCPU(tokens);
			done.countDown();
		};
		for (int i = 0; i < tasks; i++) {
			executor.execute(task);
		}
		done.await();
	}

}
