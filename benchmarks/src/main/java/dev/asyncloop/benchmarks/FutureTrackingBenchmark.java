package dev.asyncloop.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.futures.FutureWatch;

/**
 * A {@code supplyAsync(...).thenApply(...).join()} pipeline with every future of the
 * JVM watched (debug mode: the JDK's future classes instrumented, where each future
 * is made noted per function) against the same pipeline with asyncloop off. Each mode
 * runs in JVMs of its own, so "off" never saw the instrumentation. The pipeline runs
 * on a one-thread pool: on two cores {@code CompletableFuture}'s default executor
 * starts a thread per task, which would hide everything else.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class FutureTrackingBenchmark {

	@Param({ "off", "debug" })
	public String mode;

	private ExecutorService pool;

	private AsyncLoopEngine engine;

	private FutureWatch watch;

	private int next;

	@Setup
	public void start() {
		this.pool = Executors.newSingleThreadExecutor();
		if (this.mode.equals("debug")) {
			this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults().withDebug(true));
			this.engine.start();
			this.watch = FutureWatch.start(this.engine);
			if (!this.watch.isWatching()) {
				throw new IllegalStateException("The JVM did not let asyncloop watch its futures");
			}
		}
	}

	@TearDown
	public void stop() {
		if (this.watch != null) {
			this.watch.close();
			this.engine.close();
		}
		this.pool.shutdownNow();
	}

	@Benchmark
	public int supplyThenApplyJoin() {
		int value = this.next++;
		return CompletableFuture.supplyAsync(() -> value, this.pool).thenApply((number) -> number + 1).join();
	}

}
