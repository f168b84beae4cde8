package dev.asyncloop.benchmarks;

import java.time.Duration;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.reactor.ReactorBridge;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * A Reactor pipeline with asyncloop's bridge (every scheduled task tracked) against
 * the same pipeline without it, and against Reactor's own debug mode,
 * {@code Hooks.onOperatorDebug()}, as the anchor. {@code publishOn} schedules once per
 * batch of elements, so it shows what a typical pipeline pays (score per element);
 * {@code scheduleEachTask} gives every task of about a microsecond of work to a
 * parallel scheduler on its own, the worst case for a schedule hook (score per task). Per-element {@code subscribeOn} pipelines measure mostly how two threads
 * wake each other on two cores, which swings by half between forks here.
 */
@Fork(3) // forks of a cross-thread benchmark differ more than iterations do
public class ReactorBridgeBenchmark extends Comparison {

	static final int ELEMENTS = 1000;

	static final int TASKS = 1000;

	/** Without asyncloop, with its bridge, or with Reactor's operator debug hook. */
	@Param({ "plain", "bridge", "operator-debug" })
	public String mode;

	private long tokens;

	/** A parallel scheduler of one thread, as the executor benchmarks use one: two would share the cores with the submitter. */
	private Scheduler scheduler;

	@Setup
	public void start() {
		closeAfterTrial(Hooks::resetOnOperatorDebug);
		this.tokens = Calibration.tokensPerMicrosecond();
		this.scheduler = Schedulers.newParallel("bench", 1);
		switch (this.mode) {
			case "plain" -> {
			}
			case "bridge" -> closeAfterTrial(ReactorBridge.install(startEngine(EngineOptions.defaults()),
					() -> Duration.ofSeconds(10), null));
			case "operator-debug" -> Hooks.onOperatorDebug();
			default -> throw new IllegalArgumentException(this.mode);
		}
		closeAfterTrial(this.scheduler::dispose);
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
