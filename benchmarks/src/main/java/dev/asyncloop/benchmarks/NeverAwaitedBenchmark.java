package dev.asyncloop.benchmarks;

import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.reactor.NeverAwaitedPostProcessor;

/**
 * A bean method returning a {@code Mono}, called and subscribed, through asyncloop's
 * never-awaited tracking proxy (debug mode: proxy, wrapper, creation stack, phantom
 * reference) against the bean undecorated.
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

	@Setup
	public void start() {
		OrderService plain = new OrderService();
		if (this.mode.equals("direct")) {
			this.service = plain;
			return;
		}
		this.engine = new AsyncLoopEngine(AsyncLoopEngine.Options.defaults().withDebug(true));
		this.engine.start();
		NeverAwaitedPostProcessor tracking = new NeverAwaitedPostProcessor(() -> this.engine,
				List.of(OrderService.class.getPackageName()), false);
		tracking.setBeanFactory(new DefaultListableBeanFactory());
		this.service = (OrderService) tracking.postProcessAfterInitialization(plain, "orderService");
	}

	@TearDown
	public void stop() {
		if (this.engine != null) {
			this.engine.close();
		}
	}

	@Benchmark
	public void callAndSubscribe(Blackhole blackhole) {
		this.service.save("order").subscribe(blackhole::consume);
	}

	/**
	 * A bean with a reactive method; public so that a class-based proxy can extend it.
	 */
	public static class OrderService {

		public Mono<String> save(String order) {
			return Mono.just(order);
		}

	}

}
