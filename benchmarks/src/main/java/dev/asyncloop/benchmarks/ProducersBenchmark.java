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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;

/**
 * Eight producer threads giving tasks to one executor at once, each waiting for its
 * own batch: the loop against a plain {@link ThreadPoolTaskScheduler} of the same
 * size, the worker against a plain {@link ThreadPoolTaskExecutor} of the same size.
 * The score is per task, as each producer sees it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
@Threads(ProducersBenchmark.PRODUCERS)
public class ProducersBenchmark {

	static final int PRODUCERS = 8;

	static final int BATCH = 250;

	/** Threads of the worker and of its plain counterpart, as Spring Boot's default pool. */
	static final int WORKER_THREADS = 8;

	@Param({ "raw-loop", "loop", "raw-worker", "worker" })
	public String executor;

	/** Work per task, in {@code Blackhole.consumeCPU} tokens: 0 or about a microsecond. */
	@Param({ "0", "1us" })
	public String work;

	private long tokens;

	private Executor target;

	private Runnable shutdown;

	private AsyncLoopEngine engine;

	@Setup
	public void start() {
		this.tokens = "0".equals(this.work) ? 0 : Calibration.tokensPerMicrosecond();
		if (this.executor.equals("loop") || this.executor.equals("worker")) {
			this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults());
			this.engine.start();
		}
		switch (this.executor) {
			case "raw-loop" -> scheduler(new ThreadPoolTaskScheduler());
			case "loop" -> scheduler(new DebugEventLoop(this.engine, "loop"));
			case "raw-worker" -> executor(new ThreadPoolTaskExecutor());
			case "worker" -> executor(new WorkerExecutor(this.engine, "worker", java.time.Duration.ofSeconds(10)));
			default -> throw new IllegalArgumentException(this.executor);
		}
	}

	private void scheduler(ThreadPoolTaskScheduler scheduler) {
		scheduler.setPoolSize(1);
		scheduler.setWaitForTasksToCompleteOnShutdown(true);
		scheduler.setAwaitTerminationSeconds(10);
		scheduler.initialize();
		this.target = scheduler;
		this.shutdown = scheduler::shutdown;
	}

	private void executor(ThreadPoolTaskExecutor executor) {
		executor.setCorePoolSize(WORKER_THREADS);
		executor.setMaxPoolSize(WORKER_THREADS);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(10);
		executor.initialize();
		this.target = executor;
		this.shutdown = executor::shutdown;
	}

	@TearDown
	public void stop() {
		this.shutdown.run();
		if (this.engine != null) {
			this.engine.close();
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void producers() throws InterruptedException {
		TaskBatch.runAndWait(this.target, BATCH, this.tokens);
	}

}
