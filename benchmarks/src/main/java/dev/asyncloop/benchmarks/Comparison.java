package dev.asyncloop.benchmarks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * What the suite's benchmarks share. Each compares asyncloop with a baseline, the side
 * chosen by a {@code @Param}, under JMH's settings declared here (JMH's annotations are
 * inherited; a benchmark declares its own where it differs): the average time of an
 * operation in nanoseconds, three warm-up and five measured iterations of a second, two
 * forks ({@link Suite} runs one fork per round instead). What a trial starts is closed
 * after it, in reverse order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public abstract class Comparison {

	private final Deque<AutoCloseable> started = new ArrayDeque<>();

	/**
	 * Starts asyncloop's engine for asyncloop's side of the comparison.
	 */
	Engine startEngine(EngineOptions options) {
		Engine engine = closeAfterTrial(new Engine(options));
		engine.start();
		return engine;
	}

	/**
	 * Closes {@code resource} after the trial, before what was registered before it:
	 * an executor before the engine it reports to, if registered after it.
	 */
	<T extends AutoCloseable> T closeAfterTrial(T resource) {
		this.started.push(resource);
		return resource;
	}

	@TearDown
	public void closeStarted() throws Exception {
		while (!this.started.isEmpty()) {
			this.started.pop().close();
		}
	}

}
