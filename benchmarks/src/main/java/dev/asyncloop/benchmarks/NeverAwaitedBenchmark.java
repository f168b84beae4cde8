package dev.asyncloop.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.checkout.OrderService;
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

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.reactor.AssemblyTracking;
import dev.asyncloop.reactor.NeverAwaitedPostProcessor;

/**
 * A bean method returning a {@code Mono}, called and subscribed, through asyncloop's
 * never-awaited tracking in debug mode (proxy, assembly hook, watched wrapper, where it
 * was returned) against the bean undecorated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class NeverAwaitedBenchmark {

	/** The bean as it is, or wrapped by the tracking proxy. */
	@Param({ "direct", "tracked" })
	public String mode;

	private OrderService service;

	private AsyncLoopEngine engine;

	private AssemblyTracking tracking;

	@Setup
	public void start() {
		OrderService plain = new OrderService();
		if (this.mode.equals("direct")) {
			this.service = plain;
			return;
		}
		List<String> application = List.of(OrderService.class.getPackageName());
		this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults()
			.withDebug(true)
			.withApplicationCode(ApplicationCode.inPackages(application)));
		this.engine.start();
		this.tracking = AssemblyTracking.install(this.engine, ApplicationCode.inPackages(application));
		NeverAwaitedPostProcessor proxying = new NeverAwaitedPostProcessor(() -> this.tracking, application, false);
		proxying.setBeanFactory(new DefaultListableBeanFactory());
		this.service = (OrderService) proxying.postProcessAfterInitialization(plain, "orderService");
	}

	@TearDown
	public void stop() {
		if (this.engine != null) {
			this.tracking.close();
			this.engine.close();
		}
	}

	@Benchmark
	public void callAndSubscribe(Blackhole blackhole) {
		this.service.save("order").subscribe(blackhole::consume);
	}

}
