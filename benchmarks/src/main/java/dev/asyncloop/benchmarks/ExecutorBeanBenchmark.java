package dev.asyncloop.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.ExecutorInstrumentingPostProcessor;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * What a task costs on an application's own executor bean once asyncloop watches it
 * (the proxy that stands in for the bean, one tracked task per task), against the
 * same pool unwatched: {@code Executors.newFixedThreadPool(1)}, and against the same
 * pool timed by Micrometer's {@code ExecutorServiceMetrics.monitor}, what an application
 * pays today to learn how long its tasks wait and run. Each invocation runs a
 * {@link TaskBatch}; the score is per task.
 */
public class ExecutorBeanBenchmark extends TaskBatchComparison {

	/** The pool as it is, as the bean asyncloop's post-processor returns, or timed by Micrometer. */
	@Param({ "raw", "watched", "micrometer" })
	public String pool;

	private ExecutorService executor;

	@Setup
	public void start() {
		this.executor = Executors.newFixedThreadPool(1);
		this.target = this.executor;
		if (this.pool.equals("watched")) {
			Engine engine = startEngine(EngineOptions.defaults());
			this.target = (ExecutorService) new ExecutorInstrumentingPostProcessor(() -> engine,
					() -> Duration.ofSeconds(10))
				.postProcessAfterInitialization(this.executor, "pool");
		}
		if (this.pool.equals("micrometer")) {
			this.target = ExecutorServiceMetrics.monitor(new SimpleMeterRegistry(), this.executor, "pool");
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
