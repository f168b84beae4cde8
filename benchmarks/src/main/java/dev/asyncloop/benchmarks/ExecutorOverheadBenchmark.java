package dev.asyncloop.benchmarks;

import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * What a task costs on the debug event loop, against the same work on a plain
 * {@link ThreadPoolTaskScheduler} of the same size and on that scheduler's executor
 * timed by Micrometer's {@code ExecutorServiceMetrics}. Each invocation runs a
 * {@link TaskBatch}; the score is per task.
 */
public class ExecutorOverheadBenchmark extends TaskBatchComparison {

	static final int BATCH = 1000;

	/** Which executor runs the tasks. */
	@Param({ "raw", "asyncloop", "asyncloop-debug", "micrometer" })
	public String executor;

	@Setup
	public void start() {
		boolean debug = this.executor.equals("asyncloop-debug");
		ThreadPoolTaskScheduler scheduler = Pools.oneThread(switch (this.executor) {
			case "raw", "micrometer" -> new ThreadPoolTaskScheduler();
			case "asyncloop", "asyncloop-debug" ->
				new DebugEventLoop(startEngine(EngineOptions.defaults().withDebug(debug)), "loop");
			default -> throw new IllegalArgumentException(this.executor);
		});
		closeAfterTrial(scheduler::shutdown);
		// Micrometer times the plain scheduler's own executor.
		this.target = this.executor.equals("micrometer") ? ExecutorServiceMetrics.monitor(new SimpleMeterRegistry(),
				(ScheduledExecutorService) scheduler.getScheduledExecutor(), "bench") : scheduler;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void tasks() throws InterruptedException {
		TaskBatch.runAndWait(this.target, BATCH, this.tokens);
	}

}
