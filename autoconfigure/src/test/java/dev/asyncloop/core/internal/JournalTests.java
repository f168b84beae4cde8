package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NeverAwaited;
import dev.asyncloop.core.SlowCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings are kept newest first, bounded, replaceable and clearable.
 */
class JournalTests {

	private final Findings findings = newFindings(3);

	@Test
	void keepsNewestFirstAndDropsTheOldest() {
		for (int i = 1; i <= 5; i++) {
			this.findings.record(blocking("call" + i));
		}
		assertThat(this.findings.list(FindingKind.BLOCKING_CALL)).extracting((finding) -> ((BlockingCall) finding).call())
			.containsExactly("call5", "call4", "call3");
		assertThat(this.findings.kept(FindingKind.BLOCKING_CALL)).isEqualTo(3);
		assertThat(this.findings.count(FindingKind.BLOCKING_CALL)).isEqualTo(5);
	}

	@Test
	void updateReplacesInPlace() {
		long first = this.findings.record(blocking("a"));
		this.findings.record(blocking("b"));
		this.findings.update(FindingKind.BLOCKING_CALL, first, blocking("a"), (kept) -> blocking(kept.call() + "2"));
		assertThat(this.findings.list(FindingKind.BLOCKING_CALL)).extracting((finding) -> ((BlockingCall) finding).call())
			.containsExactly("b", "a2");
	}

	@Test
	void clearForgetsFindingsAndCountsButNotTotals() {
		this.findings.record(blocking("a"));
		this.findings.clear();
		assertThat(this.findings.list(FindingKind.BLOCKING_CALL)).isEmpty();
		assertThat(this.findings.count(FindingKind.BLOCKING_CALL)).isZero();
		assertThat(this.findings.total(FindingKind.BLOCKING_CALL)).isEqualTo(1);
	}

	@Test
	void sinceListsLaterFindingsOfEveryKindInOrder() {
		this.findings.record(blocking("before"));
		long mark = this.findings.lastSequence();
		this.findings.record(new NeverAwaited("OrderService.save", "Mono", List.of(), Instant.now(), null, null));
		this.findings.record(blocking("after"));
		assertThat(this.findings.since(mark)).extracting((recorded) -> recorded.finding().site())
			.containsExactly("OrderService.save", "after on loop");
	}

	@Test
	void updatesFromTwoThreadsAtOnceAreBothKept() throws Exception {
		// The watchdog finishes a slow callback while the JFR stream names its blocking call.
		for (int round = 0; round < 200; round++) {
			Findings findings = newFindings(8);
			SlowCallback live = new SlowCallback("task", "loop", "loop-1", Duration.ofMillis(150),
					Duration.ofMillis(100), false, List.of(), List.of(), Instant.now(), null, null, null, Instant.now());
			long sequence = findings.record(live);
			java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
			Thread jfr = new Thread(() -> {
				await(start);
				findings.linkBlockingCall("loop-1", Instant.now().minusSeconds(10), Instant.now().plusSeconds(10),
						"java.lang.Thread.sleep");
			});
			jfr.start();
			await(start);
			findings.update(FindingKind.SLOW_CALLBACK, sequence, live, (now) -> now.finish(Duration.ofSeconds(2)));
			jfr.join();
			SlowCallback kept = (SlowCallback) findings.list(FindingKind.SLOW_CALLBACK).get(0);
			assertThat(kept.finished()).isTrue();
			assertThat(kept.blockingCall()).isEqualTo("java.lang.Thread.sleep");
		}
	}

	@Test
	void aFinishedStallLastsAtLeastAsLongAsTheBlockingCallItMade() {
		Findings findings = newFindings(8);
		Instant end = Instant.now();
		SlowCallback stall = new SlowCallback("GET /slow", "netty", "reactor-http-epoll-1", Duration.ofMillis(284),
				Duration.ofMillis(100), true, List.of(), List.of(), end.minusMillis(184), null, null, null, Instant.now());
		findings.record(stall);
		findings.linkBlockingCall("reactor-http-epoll-1", end.minusMillis(300), end, "java.lang.Thread.sleep");
		SlowCallback kept = (SlowCallback) findings.list(FindingKind.SLOW_CALLBACK).get(0);
		assertThat(kept.blockingCall()).isEqualTo("java.lang.Thread.sleep");
		assertThat(kept.duration()).isEqualTo(Duration.ofMillis(300));
	}

	private static void await(java.util.concurrent.CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Findings newFindings(int size) {
		return new Findings(size, new InternalErrors(System.getLogger("test")),
				new WarmUp(ApplicationCode.unknown(), LogDestination.system()));
	}

	private static BlockingCall blocking(String call) {
		return new BlockingCall(call, "loop-1", "loop", Duration.ofMillis(5), List.of(), null, Instant.now(), null, null);
	}

}
