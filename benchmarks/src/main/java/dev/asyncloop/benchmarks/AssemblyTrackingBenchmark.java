package dev.asyncloop.benchmarks;

import java.util.List;

import com.example.checkout.Checkout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.reactor.AssemblyTracking;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * What debug mode's never-awaited tracking costs application code that assembles a
 * publisher and subscribes to it on every call ({@code Mono.fromCallable(f).map(g)
 * .subscribe(...)}): every operator assembled goes through asyncloop's hook and is
 * watched until subscribed, against the same code with asyncloop off.
 */
public class AssemblyTrackingBenchmark extends Comparison {

	/** Without asyncloop, or with it in debug mode. */
	@Param({ "off", "debug" })
	public String mode;

	@Setup
	public void start() {
		if (this.mode.equals("off")) {
			return;
		}
		ApplicationCode application = ApplicationCode.inPackages(List.of(Checkout.class.getPackageName()));
		Engine engine = startEngine(
				EngineOptions.defaults().withDebug(true).withApplicationCode(application));
		closeAfterTrial(AssemblyTracking.install(engine, application));
	}

	@Benchmark
	public void assembleAndSubscribe(Blackhole blackhole) {
		Checkout.confirm("order", blackhole::consume);
	}

}
