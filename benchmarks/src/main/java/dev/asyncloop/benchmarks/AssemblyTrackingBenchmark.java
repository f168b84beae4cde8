package dev.asyncloop.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.checkout.Checkout;
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
import org.openjdk.jmh.infra.Blackhole;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.reactor.AssemblyTracking;

/**
 * What debug mode's never-awaited tracking costs application code that assembles a
 * publisher and subscribes to it on every call ({@code Mono.fromCallable(f).map(g)
 * .subscribe(...)}): every operator assembled goes through asyncloop's hook and is
 * watched until subscribed, against the same code with asyncloop off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class AssemblyTrackingBenchmark {

	/** Without asyncloop, or with it in debug mode. */
	@Param({ "off", "debug" })
	public String mode;

	private AsyncLoopEngine engine;

	private AssemblyTracking tracking;

	@Setup
	public void start() {
		if (this.mode.equals("off")) {
			return;
		}
		ApplicationCode application = ApplicationCode.inPackages(List.of(Checkout.class.getPackageName()));
		this.engine = new AsyncLoopEngine(
				AsyncLoopEngine.Options.defaults().withDebug(true).withApplicationCode(application));
		this.engine.start();
		this.tracking = AssemblyTracking.install(this.engine, application);
	}

	@TearDown
	public void stop() {
		if (this.tracking != null) {
			this.tracking.close();
			this.engine.close();
		}
	}

	@Benchmark
	public void assembleAndSubscribe(Blackhole blackhole) {
		Checkout.confirm("order", blackhole::consume);
	}

}
