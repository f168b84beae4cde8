package dev.asyncloop.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.scheduling.ExecutorInstrumentingPostProcessor;

/**
 * What a task costs on an application's own executor bean once asyncloop watches it
 * (the proxy that stands in for the bean, one tracked task per task), against the
 * same pool unwatched: {@code Executors.newFixedThreadPool(1)}. Each invocation runs
 * a {@link TaskBatch}; the score is per task.
 */
public class ExecutorBeanBenchmark extends TaskBatchComparison {

	/** The pool as it is, or as the bean asyncloop's post-processor returns. */
	@Param({ "raw", "watched" })
	public String pool;

	private ExecutorService executor;

	@Setup
	public void start() {
		this.executor = Executors.newFixedThreadPool(1);
		this.target = this.executor;
		if (this.pool.equals("watched")) {
			AsyncLoopEngine engine = startEngine(AsyncLoopEngine.Options.defaults());
			this.target = (ExecutorService) new ExecutorInstrumentingPostProcessor(() -> engine,
					() -> Duration.ofSeconds(10))
				.postProcessAfterInitialization(this.executor, "pool");
		}
		closeAfterTrial(() -> {
			this.executor.shutdown();
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		});
	}

	@Benchmark
	@OperationsPerInvocation(ExecutorOverheadBenchmark.BATCH)
	public void beanTasks() throws InterruptedException {
		TaskBatch.runAndWait(this.target, ExecutorOverheadBenchmark.BATCH, this.tokens);
	}

}
