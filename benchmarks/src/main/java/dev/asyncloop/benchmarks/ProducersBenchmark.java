package dev.asyncloop.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.scheduling.WorkerExecutor;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * Eight producer threads giving tasks to one executor at once, each waiting for its
 * own batch: the loop against a plain {@link ThreadPoolTaskScheduler} of the same
 * size, the worker against a plain {@link ThreadPoolTaskExecutor} of the same size,
 * and that plain executor once more with every task stamped by a
 * {@link StampedExecutor}: the floor of per-task timing. The score is per task, as each
 * producer sees it.
 *
 * <p>How sixteen threads share two cores differs more from one fork to the next than
 * between iterations of a fork, so this benchmark, run on its own, runs more forks.
 */
@Threads(ProducersBenchmark.PRODUCERS)
@Fork(4)
public class ProducersBenchmark extends TaskBatchComparison {

	static final int PRODUCERS = 8;

	static final int BATCH = 250;

	/** Threads of the worker and of its plain counterpart, as Spring Boot's default pool. */
	static final int WORKER_THREADS = 8;

	@Param({ "raw-loop", "loop", "raw-worker", "stamped-worker", "worker" })
	public String executor;

	@Setup
	public void start() {
		ExecutorConfigurationSupport pool = switch (this.executor) {
			case "raw-loop" -> Pools.oneThread(new ThreadPoolTaskScheduler());
			case "loop" -> Pools.oneThread(new DebugEventLoop(startEngine(EngineOptions.defaults()), "loop"));
			case "raw-worker", "stamped-worker" -> Pools.withThreads(new ThreadPoolTaskExecutor(), WORKER_THREADS);
			case "worker" -> Pools.withThreads(new WorkerExecutor(startEngine(EngineOptions.defaults()),
					"worker", Duration.ofSeconds(10)), WORKER_THREADS);
			default -> throw new IllegalArgumentException(this.executor);
		};
		closeAfterTrial(pool::shutdown);
		this.target = "stamped-worker".equals(this.executor) ? new StampedExecutor((Executor) pool) : (Executor) pool;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void producers() throws InterruptedException {
		TaskBatch.runAndWait(this.target, BATCH, this.tokens);
	}

}
