package dev.asyncloop.benchmarks;

import java.util.concurrent.Executor;
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

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.scheduling.DebugEventLoop;

/**
 * Tasks of about a microsecond submitted from a hundred frames deep, as real Spring and
 * Reactor stacks are, to the loop in debug mode (where a task's creation site is
 * wanted) against a plain {@link ThreadPoolTaskScheduler} of the same size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class DeepSubmitBenchmark {

	static final int BATCH = 1000;

	static final int DEPTH = 100;

	@Param({ "raw", "asyncloop-debug" })
	public String executor;

	private long tokens;

	private ThreadPoolTaskScheduler scheduler;

	private AsyncLoopEngine engine;

	@Setup
	public void start() {
		this.tokens = Calibration.tokensPerMicrosecond();
		if (this.executor.equals("raw")) {
			this.scheduler = new ThreadPoolTaskScheduler();
		}
		else {
			this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults().withDebug(true));
			this.engine.start();
			this.scheduler = new DebugEventLoop(this.engine, "loop");
		}
		this.scheduler.setPoolSize(1);
		this.scheduler.setWaitForTasksToCompleteOnShutdown(true);
		this.scheduler.setAwaitTerminationSeconds(10);
		this.scheduler.initialize();
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
	public void deepTasks() throws InterruptedException {
		submitFrom(DEPTH, this.scheduler, this.tokens);
	}

	private static void submitFrom(int depth, Executor executor, long tokens) throws InterruptedException {
		if (depth > 0) {
			submitFrom(depth - 1, executor, tokens);
			return;
		}
		TaskBatch.runAndWait(executor, BATCH, tokens);
	}

}
