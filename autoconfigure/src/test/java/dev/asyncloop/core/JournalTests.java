package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings are kept newest first, bounded, replaceable and clearable.
 */
class JournalTests {

	private final Findings findings = new Findings(3, new TaskRegistry(false, Duration.ofMillis(100), System.getLogger("test"),
			ApplicationCode.unknown()));

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
		this.findings.update(first, blocking("a"), blocking("a2"));
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
		this.findings.record(new NeverAwaited("OrderService.save", "Mono", List.of(), Instant.now(), null));
		this.findings.record(blocking("after"));
		assertThat(this.findings.since(mark)).extracting((recorded) -> recorded.finding().site())
			.containsExactly("OrderService.save", "after");
	}

	private static BlockingCall blocking(String call) {
		return new BlockingCall(call, "loop-1", "loop", Duration.ofMillis(5), List.of(), null, Instant.now(), null);
	}

}
