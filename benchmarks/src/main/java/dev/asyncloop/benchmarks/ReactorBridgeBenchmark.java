package dev.asyncloop.benchmarks;

import java.time.Duration;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.reactor.ReactorBridge;

/**
 * A Reactor pipeline with asyncloop's bridge (every scheduled task tracked) against
 * the same pipeline without it, and against Reactor's own debug mode,
 * {@code Hooks.onOperatorDebug()}, as the anchor. {@code publishOn} schedules once per
 * batch of elements, so it shows what a typical pipeline pays (score per element);
 * {@code scheduleEachTask} gives every task of about a microsecond of work to a
 * parallel scheduler on its own, the worst case for a schedule hook (score per task). Per-element {@code subscribeOn} pipelines measure mostly how two threads
 * wake each other on two cores, which swings by half between forks here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(3) // forks of a cross-thread benchmark differ more than iterations do
public class ReactorBridgeBenchmark {

	static final int ELEMENTS = 1000;

	static final int TASKS = 1000;

	/** Without asyncloop, with its bridge, or with Reactor's operator debug hook. */
	@Param({ "plain", "bridge", "operator-debug" })
	public String mode;

	private AsyncLoopEngine engine;

	private ReactorBridge bridge;

	private long tokens;

	/** A parallel scheduler of one thread, as the executor benchmarks use one: two would share the cores with the submitter. */
	private Scheduler scheduler;

	@Setup
	public void start() {
		this.tokens = Calibration.tokensPerMicrosecond();
		this.scheduler = Schedulers.newParallel("bench", 1);
		switch (this.mode) {
			case "plain" -> {
			}
			case "bridge" -> {
				this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults());
				this.engine.start();
				this.bridge = ReactorBridge.install(this.engine, () -> Duration.ofSeconds(10), null);
			}
			case "operator-debug" -> Hooks.onOperatorDebug();
			default -> throw new IllegalArgumentException(this.mode);
		}
	}

	@TearDown
	public void stop() {
		this.scheduler.dispose();
		if (this.bridge != null) {
			this.bridge.close();
			this.engine.close();
		}
		Hooks.resetOnOperatorDebug();
	}

	@Benchmark
	@OperationsPerInvocation(ELEMENTS)
	public Integer publishOn() {
		return Flux.range(0, ELEMENTS)
			.publishOn(Schedulers.parallel())
			.map((i) -> i + 1)
			.filter((i) -> (i & 1) == 0)
			.reduce(0, Integer::sum)
			.block();
	}

	private final Runnable noop = () -> {
	};

	/**
	 * What the schedule hook adds to one task, without the hand-off between threads
	 * that makes {@link #scheduleEachTask()} noisy: the hook wraps an empty task and the
	 * wrapper runs it, tracked, on the benchmark thread.
	 */
	@Benchmark
	public void hookOneTaskInThread() {
		Schedulers.onSchedule(this.noop).run();
	}

	@Benchmark
	@OperationsPerInvocation(TASKS)
	public void scheduleEachTask() throws InterruptedException {
		TaskBatch.runAndWait(this.scheduler::schedule, TASKS, this.tokens);
	}

}
