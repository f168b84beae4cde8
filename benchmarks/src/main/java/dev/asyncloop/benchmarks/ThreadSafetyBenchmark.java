package dev.asyncloop.benchmarks;

import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.reactor.AssemblyTracking;
import dev.asyncloop.reactor.ThreadSafetyWatch;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * What debug mode's thread-safety checks cost code that emits from one thread, as
 * almost all code does: a {@code Sinks.many()} sink with a subscriber, emitted into
 * with {@code tryEmitNext} ({@code sink-checking}), and a {@code Flux.range(...).map(...)}
 * pipeline subscribed per operation ({@code signal-checking}), against the same code
 * with asyncloop off. In debug mode Reactor's sink classes are instrumented and the
 * pipeline was assembled under the never-awaited hook, as in an application in debug
 * mode. Each mode runs in JVMs of its own, so "off" never saw the instrumentation.
 */
public class ThreadSafetyBenchmark extends Comparison {

	/** Elements of the pipeline per operation. */
	private static final int ELEMENTS = 64;

	/** Without asyncloop, or with it in debug mode. */
	@Param({ "off", "debug" })
	public String mode;

	private Sinks.Many<Integer> sink;

	private Flux<Integer> pipeline;

	private int next;

	@Setup
	public void start(Blackhole blackhole) {
		if (this.mode.equals("debug")) {
			ApplicationCode application = ApplicationCode.inPackages(List.of(getClass().getPackageName()));
			Engine engine = startEngine(
					EngineOptions.defaults().withDebug(true).withApplicationCode(application));
			ThreadSafetyWatch watch = closeAfterTrial(ThreadSafetyWatch.start(engine));
			if (!watch.isChecking()) {
				throw new IllegalStateException("The JVM did not let asyncloop check its sinks");
			}
			closeAfterTrial(AssemblyTracking.install(engine, application));
		}
		this.sink = Sinks.many().multicast().onBackpressureBuffer();
		this.sink.asFlux().subscribe(blackhole::consume);
		this.pipeline = Flux.range(0, ELEMENTS).map((value) -> value + 1);
	}

	@Benchmark
	public Object tryEmitNext() {
		return this.sink.tryEmitNext(this.next++);
	}

	@Benchmark
	public void subscribePipeline(Blackhole blackhole) {
		this.pipeline.subscribe(blackhole::consume);
	}

}
