package dev.asyncloop.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.context.support.GenericApplicationContext;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.ExecutorInstrumentingPostProcessor;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * What asyncloop adds to one task given to a watched executor bean, without the hand-off
 * to another thread that hides it in {@link ExecutorBeanBenchmark}: the bean runs each
 * task on the calling thread, so the score is the proxy's call, the tracked record and
 * its bookkeeping, steady on one thread.
 */
@State(Scope.Thread)
public class ExecutorBeanCallBenchmark extends Comparison {

	/** The bean as it is, or as asyncloop's post-processor returns it. */
	@Param({ "plain", "watched" })
	public String mode;

	private Executor executor;

	private int count;

	private final Runnable task = () -> this.count++;

	@Setup
	public void start() {
		Executor direct = Runnable::run;
		this.executor = direct;
		if (this.mode.equals("watched")) {
			Engine engine = startEngine(EngineOptions.defaults());
			ExecutorInstrumentingPostProcessor postProcessor = new ExecutorInstrumentingPostProcessor(() -> engine,
					() -> Duration.ofSeconds(10));
			// A bean declared as an Executor: its proxy must only be one.
			GenericApplicationContext context = closeAfterTrial(new GenericApplicationContext());
			postProcessor.setBeanFactory(context.getBeanFactory());
			context.getBeanFactory().addBeanPostProcessor(postProcessor);
			context.registerBean("direct", Executor.class, () -> direct);
			context.refresh();
			this.executor = context.getBean("direct", Executor.class);
		}
	}

	@Benchmark
	public int oneTaskInThread() {
		this.executor.execute(this.task);
		return this.count;
	}

}
