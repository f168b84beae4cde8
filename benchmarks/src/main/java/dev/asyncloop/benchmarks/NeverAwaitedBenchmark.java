package dev.asyncloop.benchmarks;

import java.util.List;

import com.example.checkout.OrderService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.reactor.AssemblyTracking;
import dev.asyncloop.reactor.NeverAwaitedPostProcessor;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * A bean method returning a {@code Mono}, called and subscribed, through asyncloop's
 * never-awaited tracking in debug mode (proxy, assembly hook, watched wrapper, where it
 * was returned) against the bean undecorated.
 */
public class NeverAwaitedBenchmark extends Comparison {

	/** The bean as it is, or wrapped by the tracking proxy. */
	@Param({ "direct", "tracked" })
	public String mode;

	private OrderService service;

	@Setup
	public void start() {
		OrderService plain = new OrderService();
		if (this.mode.equals("direct")) {
			this.service = plain;
			return;
		}
		List<String> application = List.of(OrderService.class.getPackageName());
		ApplicationCode code = ApplicationCode.inPackages(application);
		Engine engine = startEngine(EngineOptions.defaults().withDebug(true).withApplicationCode(code));
		AssemblyTracking tracking = closeAfterTrial(AssemblyTracking.install(engine, code));
		NeverAwaitedPostProcessor proxying = new NeverAwaitedPostProcessor(() -> tracking, application, false);
		proxying.setBeanFactory(new DefaultListableBeanFactory());
		this.service = (OrderService) proxying.postProcessAfterInitialization(plain, "orderService");
	}

	@Benchmark
	public void callAndSubscribe(Blackhole blackhole) {
		this.service.save("order").subscribe(blackhole::consume);
	}

}
