package dev.asyncloop.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.scheduling.ExecutorInstrumentingPostProcessor;

/**
 * What a task costs on an application's own executor bean once asyncloop watches it
 * (the proxy that stands in for the bean, one tracked task per task), against the
 * same pool unwatched: {@code Executors.newFixedThreadPool(1)}. Each invocation runs
 * a {@link TaskBatch}; the score is per task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class ExecutorBeanBenchmark {

	/** The pool as it is, or as the bean asyncloop's post-processor returns. */
	@Param({ "raw", "watched" })
	public String pool;

	/** Work per task, in {@link Blackhole#consumeCPU} tokens: 0 or about a microsecond. */
	@Param({ "0", "1us" })
	public String work;

	private long tokens;

	private ExecutorService executor;

	private ExecutorService target;

	private AsyncLoopEngine engine;

	@Setup
	public void start() {
		this.tokens = "0".equals(this.work) ? 0 : Calibration.tokensPerMicrosecond();
		this.executor = Executors.newFixedThreadPool(1);
		this.target = this.executor;
		if (this.pool.equals("watched")) {
			this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults());
			this.engine.start();
			this.target = (ExecutorService) new ExecutorInstrumentingPostProcessor(() -> this.engine,
					() -> Duration.ofSeconds(10))
				.postProcessAfterInitialization(this.executor, "pool");
		}
	}

	@TearDown
	public void stop() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
		if (this.engine != null) {
			this.engine.close();
		}
	}

	@Benchmark
	@OperationsPerInvocation(ExecutorOverheadBenchmark.BATCH)
	public void beanTasks() throws InterruptedException {
		TaskBatch.runAndWait(this.target, ExecutorOverheadBenchmark.BATCH, this.tokens);
	}

}
