package dev.asyncloop.benchmarks;

import java.util.concurrent.Executor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * Tasks of about a microsecond submitted from a hundred frames deep, as real Spring and
 * Reactor stacks are, to the loop in debug mode (where a task's creation site is
 * wanted) against a plain {@link ThreadPoolTaskScheduler} of the same size.
 */
public class DeepSubmitBenchmark extends Comparison {

	static final int BATCH = 1000;

	static final int DEPTH = 100;

	@Param({ "raw", "asyncloop-debug" })
	public String executor;

	private long tokens;

	private ThreadPoolTaskScheduler scheduler;

	@Setup
	public void start() {
		this.tokens = Calibration.tokensPerMicrosecond();
		this.scheduler = Pools.oneThread(this.executor.equals("raw") ? new ThreadPoolTaskScheduler()
				: new DebugEventLoop(startEngine(EngineOptions.defaults().withDebug(true)), "loop"));
		closeAfterTrial(this.scheduler::shutdown);
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
