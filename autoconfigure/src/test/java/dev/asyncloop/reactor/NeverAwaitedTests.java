package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopNeverAwaitedAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NeverAwaited;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * asyncio's {@code coroutine was never awaited}: a publisher returned by an
 * application bean and dropped without a subscription is reported, with where it was
 * returned; one subscribed, even late, is not.
 */
@ExtendWith(OutputCaptureExtension.class)
class NeverAwaitedTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				AsyncLoopNeverAwaitedAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withPropertyValues("asyncloop.debug=true", "asyncloop.never-awaited.packages=" + packageName());

	@Test
	void droppedMonoIsReportedOnceCollected(CapturedOutput output) {
		this.runner.run((context) -> {
			OrderService service = context.getBean(OrderService.class);
			dropOne(service);

			NeverAwaited never = awaitReported(context.getBean(Engine.class));
			assertThat(never.name()).isEqualTo("NeverAwaitedTests$OrderService.save");
			assertThat(never.type()).isEqualTo("Mono");
			assertThat(never.createdAt()).first().asString().startsWith(NeverAwaitedTests.class.getName() + ".dropOne(");
			assertThat(output).contains("Mono returned by NeverAwaitedTests$OrderService.save(..) was never subscribed")
				.contains("Created at (most recent call last):");
		});
	}

	@Test
	void droppedMonosAreReportedWithinSecondsThoughNobodyCollects() {
		this.runner.run((context) -> {
			OrderService service = context.getBean(OrderService.class);
			for (int i = 0; i < 5; i++) {
				dropOne(service);
			}
			Engine engine = context.getBean(Engine.class);
			// No System.gc() here: asyncloop asks for a collection when findings wait for one.
			await().atMost(Duration.ofSeconds(10)).until(() -> reported(engine).size() == 5);
		});
	}

	@Test
	void monoDroppedInsideDoOnNextIsReported() {
		this.runner.run((context) -> {
			OrderService service = context.getBean(OrderService.class);
			StepVerifier.create(Flux.just("a", "b").doOnNext(service::save)).expectNextCount(2).verifyComplete();
			Engine engine = context.getBean(Engine.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				System.gc();
				return reported(engine).size() == 2;
			});
		});
	}

	@Test
	void subscribedPublishersAreNotReportedEvenWhenSubscribedLate() {
		this.runner.run((context) -> {
			OrderService service = context.getBean(OrderService.class);
			Engine engine = context.getBean(Engine.class);
			StepVerifier.create(service.save("now")).expectNext("saved now").verifyComplete();
			StepVerifier.create(service.all()).expectNext("a", "b").verifyComplete();
			AtomicReference<Mono<String>> kept = new AtomicReference<>(service.save("later"));
			// Collected or not, an unsubscribed publisher would have been reported here.
			collect();
			engine.neverAwaited().run();
			assertThat(reported(engine)).isEmpty();
			StepVerifier.create(kept.getAndSet(null)).expectNext("saved later").verifyComplete();
			collect();
			engine.neverAwaited().run();
			assertThat(reported(engine)).isEmpty();
			assertThat(engine.neverAwaited().watchedCount()).isZero();
		});
	}

	@Test
	void publisherStillUnsubscribedAtCloseIsReported() {
		AtomicReference<Mono<String>> kept = new AtomicReference<>();
		AtomicReference<Engine> engine = new AtomicReference<>();
		this.runner.run((context) -> {
			kept.set(context.getBean(OrderService.class).save("never"));
			engine.set(context.getBean(Engine.class));
		});
		assertThat(reported(engine.get())).singleElement()
			.satisfies((never) -> assertThat(never.name()).endsWith("OrderService.save"));
		assertThat(kept.get()).isNotNull();
	}

	@Test
	void withoutDebugModeNoBeanIsProxied() {
		this.runner.withPropertyValues("asyncloop.debug=false").run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(OrderService.class))).isFalse();
			assertThat(context).doesNotHaveBean(NeverAwaitedPostProcessor.class);
		});
	}

	@Test
	void beansOutsideTheWatchedPackagesAreNotProxied() {
		this.runner.withPropertyValues("asyncloop.never-awaited.packages=com.example.elsewhere")
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(OrderService.class))).isFalse());
	}

	private static void dropOne(OrderService service) {
		service.save("dropped");
	}

	private static NeverAwaited awaitReported(Engine engine) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> {
			collect();
			return reported(engine);
		}, (found) -> !found.isEmpty()).get(0);
	}

	private static List<NeverAwaited> reported(Engine engine) {
		return engine.findings().list(FindingKind.NEVER_AWAITED).stream().map(NeverAwaited.class::cast).toList();
	}

	/**
	 * Asks for a collection; phantom references are queued once the collector ran.
	 */
	private static void collect() {
		System.gc();
		System.runFinalization();
	}

	private static String packageName() {
		return NeverAwaitedTests.class.getPackageName();
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		OrderService orderService() {
			return new OrderService();
		}

	}

	static class OrderService {

		Mono<String> save(String order) {
			return Mono.fromSupplier(() -> "saved " + order);
		}

		Flux<String> all() {
			return Flux.just("a", "b");
		}

	}

}
