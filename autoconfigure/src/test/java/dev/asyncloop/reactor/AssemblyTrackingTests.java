package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.example.framework.LazyClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NeverAwaited;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishers the application assembles, watched until consumed: subscribed, composed
 * as an operator's source or argument, or subscribed by an operator at run time. What
 * is dropped unconsumed is reported once collected; what the framework assembles for
 * itself, and constants, are not.
 */
class AssemblyTrackingTests {

	private static final ApplicationCode THESE_TESTS = ApplicationCode
		.inPackages(List.of(AssemblyTrackingTests.class.getPackageName()));

	private final Engine engine = new Engine(
			EngineOptions.defaults().withDebug(true).withApplicationCode(THESE_TESTS));

	private AssemblyTracking tracking;

	@AfterEach
	void close() {
		if (this.tracking != null) {
			this.tracking.close();
		}
		this.engine.close();
	}

	@Test
	void publishersComposedOrSubscribedAreNeverReported() {
		start();
		Mono<String> later = Mono.fromCallable(() -> "later");
		composeTheUsualWays();
		Collection<Mono<Integer>> many = List.of(Mono.fromCallable(() -> 1), Mono.fromCallable(() -> 2));
		assertThat(Flux.merge(many).collectList().block()).containsExactly(1, 2);
		assertThat(Flux.fromIterable(List.of(Mono.fromCallable(() -> 3))).flatMap((mono) -> mono).blockLast())
			.isEqualTo(3);

		assertThat(reportedAfterCanary()).isEmpty();
		assertThat(later.block()).isEqualTo("later");
		assertThat(reportedAfterCanary()).isEmpty();
	}

	private static void composeTheUsualWays() {
		Mono<String> empty = Mono.fromCallable(() -> null);
		Mono<String> name = Mono.fromCallable(() -> "name");
		Mono<Integer> size = name.map(String::length);
		Mono<String> result = empty.switchIfEmpty(Mono.error(new IllegalStateException("eager alternative")))
			.onErrorResume((ex) -> Mono.fromCallable(() -> "recovered"))
			.then(Mono.fromRunnable(() -> { }))
			.then(Mono.zip(name, size))
			.flatMap((both) -> Mono.defer(() -> Mono.fromCallable(() -> both.getT1() + both.getT2())))
			.concatWith(Flux.just("x").concatMap((x) -> Mono.fromCallable(() -> x)))
			.filterWhen((text) -> Mono.fromCallable(() -> true))
			.last();
		assertThat(result.block()).isEqualTo("x");
	}

	@Test
	void monoDroppedUnsubscribedIsReportedWhereItWasAssembled() {
		start();
		Mono<String> dropped = assemble("forgotten");

		assertThat(dropped).isNotNull();
		dropped = null;
		List<NeverAwaited> reported = reportedAfterCanary();
		assertThat(reported).singleElement().satisfies((never) -> {
			assertThat(never.name()).isEqualTo("AssemblyTrackingTests.assemble");
			assertThat(never.type()).isEqualTo("Mono");
			assertThat(never.returned()).isFalse();
			assertThat(never.createdAt()).first().asString().startsWith(getClass().getName() + ".assemble(");
			assertThat(never.createdAt()).element(1).asString()
				.startsWith(getClass().getName() + ".monoDroppedUnsubscribedIsReportedWhereItWasAssembled(");
		});
	}

	@Test
	void monoDroppedAmongManyConsumedOnTheSameThreadIsReportedOnce() {
		start();
		assemble("forgotten"); // dropped at once
		for (int i = 0; i < 50; i++) {
			assertThat(assemble("kept " + i).block()).isEqualTo("kept " + i);
		}
		assertThat(reportedAfterCanary()).singleElement()
			.satisfies((never) -> assertThat(never.name()).isEqualTo("AssemblyTrackingTests.assemble"));
	}

	@Test
	void branchNobodySubscribedIsReportedOnceItsChainIsCollected() {
		start();
		Flux<Integer> numbers = Flux.range(1, 3).map((n) -> n * 2);
		Flux<Integer> kept = numbers.filter((n) -> n > 2);
		numbers.map((n) -> n + 1); // a second branch, dropped
		assertThat(kept.collectList().block()).containsExactly(4, 6);
		numbers = null;
		kept = null;

		assertThat(reportedAfterCanary()).singleElement()
			.satisfies((never) -> assertThat(never.type()).isEqualTo("Flux"));
	}

	@Test
	void constantsAreNotWatched() {
		start();
		assertThat(Mono.just("constant")).isNotInstanceOf(AssembledPublishers.Member.class);
		assertThat(Mono.error(new IllegalStateException("constant"))).isNotInstanceOf(AssembledPublishers.Member.class);
		assertThat(Flux.just("constant")).isNotInstanceOf(AssembledPublishers.Member.class);
		Mono.empty();
		Flux.empty();

		assertThat(reportedAfterCanary()).isEmpty();
	}

	@Test
	void watchedPublishersStayCallableAndFuseableSoThatOperatorsBehaveTheSame() throws Exception {
		start();
		Mono<String> callable = Mono.fromCallable(() -> Thread.currentThread().getName());
		assertThat(callable).isInstanceOf(AssembledPublishers.Member.class)
			.isInstanceOf(Callable.class)
			.isInstanceOf(Fuseable.class);
		Scheduler single = Schedulers.newSingle("assembly-tests");
		try {
			// On a Callable, publishOn runs the callable itself on the scheduler.
			assertThat(callable.publishOn(single).block()).startsWith("assembly-tests");
		}
		finally {
			single.dispose();
		}
		Mono<Integer> mapped = Mono.fromCallable(() -> "called").map(String::length);
		assertThat(mapped).isInstanceOf(Fuseable.class).isNotInstanceOf(Callable.class);
		assertThat(mapped.block()).isEqualTo(6);
		// Reactor calls a Callable instead of subscribing it: that consumes it too.
		assertThat(((Callable<?>) Mono.fromCallable(() -> "called")).call()).isEqualTo("called");
		assertThat(reportedAfterCanary()).isEmpty();
	}

	@Test
	void publishersAssembledOutsideTheApplicationAreNotWatched() {
		start(ApplicationCode.inPackages(List.of("com.example.elsewhere")));
		Mono<String> notOurs = Mono.fromCallable(() -> "not the application's").map(String::trim);

		assertThat(notOurs).isNotInstanceOf(AssembledPublishers.Member.class);
	}

	@Test
	void whatTheFrameworkAssemblesForItselfIsNotReportedButWhatItReturnsIs() {
		start();
		LazyClient client = new LazyClient();
		LazyClient.Result result = client.call("kept for later, never needed");
		Mono<String> body = client.body("returned, then dropped");
		assertThat(result.body()).isInstanceOf(AssembledPublishers.Member.class);
		assertThat(body).isInstanceOf(AssembledPublishers.Member.class);
		result = null;
		body = null;

		assertThat(reportedAfterCanary()).singleElement().satisfies((never) -> assertThat(never.createdAt()).first()
			.asString()
			.startsWith(getClass().getName() + ".whatTheFrameworkAssemblesForItselfIsNotReportedButWhatItReturnsIs("));
	}

	@Test
	void placeReachedFromAnotherCallerIsReportedWithItsOwnCallersOnceItWasReportedAgain() {
		start();
		for (int i = 0; i < AssemblySites.EXACT_FIRST + 1; i++) {
			assertThat(assemble("subscribed").block()).isEqualTo("subscribed");
		}
		dropFromAnotherCaller();
		NeverAwaited first = reportedAfterCanary().get(0);
		// The place shared the stack of its first chain, and says so.
		assertThat(first.createdAt()).last().asString().startsWith("... the stack of an earlier publisher");
		this.engine.findings().clear();

		dropFromAnotherCaller();
		assertThat(reportedAfterCanary()).singleElement().satisfies((never) -> assertThat(never.createdAt())
			.element(1)
			.asString()
			.startsWith(getClass().getName() + ".dropFromAnotherCaller("));
	}

	private void dropFromAnotherCaller() {
		assemble("dropped");
	}

	@Test
	void trackingFollowsDebugModeAndLeavesOtherHooksInPlace() {
		AtomicInteger seenByAnotherLibrary = new AtomicInteger();
		Hooks.onEachOperator("another-library", (publisher) -> {
			seenByAnotherLibrary.incrementAndGet();
			return publisher;
		});
		try {
			this.engine.settings().setDebug(false);
			start();
			assertThat(Mono.fromCallable(() -> "off")).isNotInstanceOf(AssembledPublishers.Member.class);
			this.engine.settings().setDebug(true);
			await().atMost(Duration.ofSeconds(5)).until(this.tracking::isTracking);
			assertThat(Mono.fromCallable(() -> "on")).isInstanceOf(AssembledPublishers.Member.class);
			this.engine.settings().setDebug(false);
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.tracking.isTracking());
			assertThat(Mono.fromCallable(() -> "off again")).isNotInstanceOf(AssembledPublishers.Member.class);
			this.engine.settings().setDebug(true);
			await().atMost(Duration.ofSeconds(5)).until(this.tracking::isTracking);

			this.tracking.close();
			assertThat(this.tracking.isTracking()).isFalse();
			assertThat(Mono.fromCallable(() -> "closed")).isNotInstanceOf(AssembledPublishers.Member.class);
			int seen = seenByAnotherLibrary.get();
			Mono.fromCallable(() -> "still seen");
			assertThat(seenByAnotherLibrary).hasValue(seen + 1);
		}
		finally {
			Hooks.resetOnEachOperator("another-library");
		}
	}

	@Test
	void failureWhileWatchingLeavesThePipelineWorking() {
		start();
		AtomicInteger iterations = new AtomicInteger();
		Collection<Mono<Integer>> failingOnce = new AbstractCollection<>() {

			@Override
			public Iterator<Mono<Integer>> iterator() {
				if (iterations.getAndIncrement() == 0) {
					throw new IllegalStateException("cannot be iterated right now");
				}
				return List.of(Mono.just(42)).iterator();
			}

			@Override
			public int size() {
				return 1;
			}

		};

		assertThat(Flux.fromIterable(failingOnce).flatMap((mono) -> mono).blockLast()).isEqualTo(42);
		assertThat(this.engine.tracking().errors().count()).isEqualTo(1);
	}

	@Test
	void publisherAnotherApplicationsBeanReturnedIsReportedByThatApplicationOnly() throws NoSuchMethodException {
		Engine other = new Engine(
				EngineOptions.defaults().withDebug(true).withApplicationCode(THESE_TESTS));
		other.start();
		start();
		AssemblyTracking otherTracking = AssemblyTracking.install(other, THESE_TESTS);
		try {
			Object returned = otherTracking.returned(assemble("returned by the other application's bean"),
					"OrderService.save", AssemblyTrackingTests.class.getDeclaredMethod("assemble", String.class));
			assertThat(returned).isNotNull();
			returned = null;

			assertThat(reportedAfterCanary()).isEmpty();
			List<NeverAwaited> reportedByOther = await().atMost(Duration.ofSeconds(10)).until(() -> {
				System.gc();
				return reported(other, NeverAwaited::returned);
			}, (found) -> !found.isEmpty());
			assertThat(reportedByOther).singleElement().satisfies((never) -> {
				assertThat(never.name()).isEqualTo("OrderService.save");
				assertThat(never.returned()).isTrue();
			});
		}
		finally {
			otherTracking.close();
			other.close();
		}
	}

	private static Mono<String> assemble(String text) {
		return Mono.fromCallable(() -> text).map(String::trim);
	}

	private void start() {
		start(THESE_TESTS);
	}

	private void start(ApplicationCode code) {
		this.engine.start();
		this.tracking = AssemblyTracking.install(this.engine, code);
	}

	/**
	 * Drops a canary and collects garbage until it is reported: whatever was dropped
	 * before it has been collected too by then, though maybe not reported yet, since the
	 * references one collection clears reach the watchdog one by one; one more full look
	 * of the watchdog takes in the rest. The reports other than the canary.
	 */
	private List<NeverAwaited> reportedAfterCanary() {
		dropCanary();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(150))
			.until(() -> {
				System.gc();
				return reported(this.engine, AssemblyTrackingTests::isCanary);
			}, (canary) -> !canary.isEmpty());
		this.engine.settle(Duration.ofSeconds(1));
		return reported(this.engine, Predicate.not(AssemblyTrackingTests::isCanary));
	}

	private static boolean isCanary(NeverAwaited never) {
		return never.name().equals("AssemblyTrackingTests.dropCanary");
	}

	private static void dropCanary() {
		Mono.fromCallable(() -> "canary").map(String::length);
	}

	private static List<NeverAwaited> reported(Engine engine, Predicate<NeverAwaited> wanted) {
		return engine.findings()
			.list(FindingKind.NEVER_AWAITED)
			.stream()
			.map(NeverAwaited.class::cast)
			.filter(wanted)
			.toList();
	}

}
