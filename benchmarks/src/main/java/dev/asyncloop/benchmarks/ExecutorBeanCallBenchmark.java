package dev.asyncloop.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executor;
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

import org.springframework.context.support.GenericApplicationContext;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.scheduling.ExecutorInstrumentingPostProcessor;

/**
 * What asyncloop adds to one task given to a watched executor bean, without the hand-off
 * to another thread that hides it in {@link ExecutorBeanBenchmark}: the bean runs each
 * task on the calling thread, so the score is the proxy's call, the tracked record and
 * its bookkeeping, steady on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class ExecutorBeanCallBenchmark {

	/** The bean as it is, or as asyncloop's post-processor returns it. */
	@Param({ "plain", "watched" })
	public String mode;

	private Executor executor;

	private GenericApplicationContext context;

	private AsyncLoopEngine engine;

	private int count;

	private final Runnable task = () -> this.count++;

	@Setup
	public void start() {
		Executor direct = Runnable::run;
		this.executor = direct;
		if (this.mode.equals("watched")) {
			this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults());
			this.engine.start();
			ExecutorInstrumentingPostProcessor postProcessor = new ExecutorInstrumentingPostProcessor(
					() -> this.engine, () -> Duration.ofSeconds(10));
			// A bean declared as an Executor: its proxy must only be one.
			this.context = new GenericApplicationContext();
			postProcessor.setBeanFactory(this.context.getBeanFactory());
			this.context.getBeanFactory().addBeanPostProcessor(postProcessor);
			this.context.registerBean("direct", Executor.class, () -> direct);
			this.context.refresh();
			this.executor = this.context.getBean("direct", Executor.class);
		}
	}

	@TearDown
	public void stop() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.engine != null) {
			this.engine.close();
		}
	}

	@Benchmark
	public int oneTaskInThread() {
		this.executor.execute(this.task);
		return this.count;
	}

}
