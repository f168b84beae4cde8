package dev.asyncloop.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A garbage collection is asked for only when something has waited for one longer than
 * the delay with none since it began waiting, once for everything waiting then.
 */
class CollectionNudgeTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private long now = 1_000 * SECOND;

	private long collections;

	private int asked;

	/** When each watched thing began waiting; removed once judged by a collection. */
	private final List<Long> waiting = new ArrayList<>();

	private final CollectionNudge nudge = new CollectionNudge(5 * SECOND, () -> this.collections, this::collect,
			() -> this.now);

	CollectionNudgeTests() {
		this.nudge.add((from, until) -> this.waiting.stream().anyMatch((since) -> since - from >= 0 && since - until < 0));
	}

	@Test
	void nothingWaitingAsksForNothing() {
		secondsPass(60);
		assertThat(this.asked).isZero();
	}

	@Test
	void somethingWaitingLongerThanTheDelayAsksForOneCollection() {
		secondsPass(1);
		this.waiting.add(this.now);
		secondsPass(4);
		assertThat(this.asked).isZero();
		secondsPass(2);
		assertThat(this.asked).isOne();
		secondsPass(60); // still reachable after the collection: not asked again
		assertThat(this.asked).isOne();
	}

	@Test
	void theApplicationsOwnCollectionsLeaveNothingToAskFor() {
		for (int i = 0; i < 30; i++) {
			this.waiting.add(this.now);
			secondsPass(2);
			this.collections++; // a busy application collects every few seconds
		}
		assertThat(this.asked).isZero();
	}

	@Test
	void whatBeganWaitingAfterACollectionWaitsForTheNextOne() {
		secondsPass(1);
		this.waiting.add(this.now);
		secondsPass(2);
		this.collections++;
		secondsPass(1);
		this.waiting.add(this.now);
		secondsPass(4);
		assertThat(this.asked).isZero();
		secondsPass(3);
		assertThat(this.asked).isOne();
	}

	@Test
	void aCollectorThatCollectsLaterIsToldOnceItRanAndPutsBackWhatItChangedAtClose() {
		List<String> told = new ArrayList<>();
		this.nudge.useCollector(new CollectionNudge.Collector() {

			@Override
			public void requested() {
				told.add("requested"); // a concurrent cycle: it runs after the request returns
			}

			@Override
			public void collected() {
				told.add("collected");
			}

		});
		this.waiting.add(this.now);
		secondsPass(6);
		assertThat(told).containsExactly("requested");
		this.collections++;
		secondsPass(1);
		assertThat(told).containsExactly("requested", "collected");

		this.waiting.add(this.now);
		secondsPass(6);
		assertThat(told).containsExactly("requested", "collected", "requested");
		this.nudge.close(); // closing before the collection ran
		assertThat(told).containsExactly("requested", "collected", "requested", "collected");
	}

	private void collect() {
		this.asked++;
		this.collections++;
	}

	private void secondsPass(int seconds) {
		for (int i = 0; i < seconds * 4; i++) {
			this.now += SECOND / 4;
			this.nudge.run();
		}
	}

}
