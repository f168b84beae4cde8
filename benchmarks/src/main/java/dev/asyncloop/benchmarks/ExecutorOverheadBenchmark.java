package dev.asyncloop.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.scheduling.DebugEventLoop;

/**
 * What a task costs on the debug event loop, against the same work on a plain
 * {@link ThreadPoolTaskScheduler} of the same size and on that scheduler's executor
 * timed by Micrometer's {@code ExecutorServiceMetrics}. Each invocation runs a
 * {@link TaskBatch}; the score is per task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class ExecutorOverheadBenchmark {

	static final int BATCH = 1000;

	/** Which executor runs the tasks. */
	@Param({ "raw", "asyncloop", "asyncloop-debug", "micrometer" })
	public String executor;

	/** Work per task, in {@link Blackhole#consumeCPU} tokens: 0 or about a microsecond. */
	@Param({ "0", "1us" })
	public String work;

	private long tokens;

	private Executor target;

	private ThreadPoolTaskScheduler scheduler;

	private AsyncLoopEngine engine;

	@Setup
	public void start() {
		this.tokens = "0".equals(this.work) ? 0 : Calibration.tokensPerMicrosecond();
		switch (this.executor) {
			case "raw" -> this.target = scheduler(new ThreadPoolTaskScheduler());
			case "micrometer" -> this.target = ExecutorServiceMetrics.monitor(new SimpleMeterRegistry(),
					(ScheduledExecutorService) scheduler(new ThreadPoolTaskScheduler()).getScheduledExecutor(),
					"bench");
			case "asyncloop", "asyncloop-debug" -> {
				this.engine = new AsyncLoopEngine(
						AsyncLoopEngine.Options.defaults().withDebug(this.executor.equals("asyncloop-debug")));
				this.engine.start();
				this.target = scheduler(new DebugEventLoop(this.engine, "loop"));
			}
			default -> throw new IllegalArgumentException(this.executor);
		}
	}

	private ThreadPoolTaskScheduler scheduler(ThreadPoolTaskScheduler scheduler) {
		scheduler.setPoolSize(1);
		// The last task may still be ending when the trial does: let it, instead of reporting it pending.
		scheduler.setWaitForTasksToCompleteOnShutdown(true);
		scheduler.setAwaitTerminationSeconds(10);
		scheduler.initialize();
		this.scheduler = scheduler;
		return scheduler;
	}

	@TearDown
	public void stop() {
		this.scheduler.shutdown();
		if (this.engine != null) {
			this.engine.close();
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void tasks() throws InterruptedException {
		TaskBatch.runAndWait(this.target, BATCH, this.tokens);
	}

}
