package dev.asyncloop.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.futures.FutureWatch;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * A {@code supplyAsync(...).thenApply(...).join()} pipeline with every future of the
 * JVM watched (debug mode: the JDK's future classes instrumented, where each future
 * is made noted per function) against the same pipeline with asyncloop off. Each mode
 * runs in JVMs of its own, so "off" never saw the instrumentation. The pipeline runs
 * on a one-thread pool: on two cores {@code CompletableFuture}'s default executor
 * starts a thread per task, which would hide everything else.
 */
public class FutureTrackingBenchmark extends Comparison {

	@Param({ "off", "debug" })
	public String mode;

	private ExecutorService pool;

	private int next;

	@Setup
	public void start() {
		this.pool = Executors.newSingleThreadExecutor();
		closeAfterTrial(this.pool::shutdownNow);
		if (this.mode.equals("debug")) {
			FutureWatch watch = closeAfterTrial(
					FutureWatch.start(startEngine(EngineOptions.defaults().withDebug(true))));
			watch.awaitStarted(java.time.Duration.ofSeconds(30)); // instrumented on a thread of its own
			if (!watch.isWatching()) {
				throw new IllegalStateException("The JVM did not let asyncloop watch its futures");
			}
		}
	}

	@Benchmark
	public int supplyThenApplyJoin() {
		int value = this.next++;
		return CompletableFuture.supplyAsync(() -> value, this.pool).thenApply((number) -> number + 1).join();
	}

}
