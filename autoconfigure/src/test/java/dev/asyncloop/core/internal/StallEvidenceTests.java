package dev.asyncloop.core.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static dev.asyncloop.core.internal.ActivityTests.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a long run is judged from the stacks taken while it lasted.
 */
class StallEvidenceTests {

	private static final long THRESHOLD = TimeUnit.MILLISECONDS.toNanos(100);

	private static final StackTraceElement[] LOADING = { frame("java.lang.ClassLoader", "loadClass"),
			frame("com.example.Handler", "handle") };

	private static final StackTraceElement[] SLEEPING = { frame("java.lang.Thread", "sleep"),
			frame("com.example.Handler", "handle") };

	private static final StackTraceElement[] SERIALIZING = { frame("tools.jackson.databind.ObjectMapper", "write"),
			frame("io.netty.channel.Loop", "run") };

	private final WarmUp warmUp = new WarmUp(ApplicationCode.inPackages(List.of("com.example")), LogDestination.system());

	@Test
	void theApplicationsOwnTimeMakesTheMistakeAndItsStackIsReported() {
		StallEvidence evidence = new StallEvidence(0);
		evidence.sample(ms(150), LOADING, Activity.WARMING_UP, -1, true);
		assertThat(evidence.isMistake(THRESHOLD, this.warmUp, "netty:GET /a")).isFalse();
		evidence.sample(ms(260), SLEEPING, Activity.APPLICATION, -1, true);
		assertThat(evidence.isMistake(THRESHOLD, this.warmUp, "netty:GET /a")).isTrue();
		assertThat(evidence.stack(THRESHOLD)).isSameAs(SLEEPING);
	}

	@Test
	void frameworkCodeIsWarmUpTheFirstTimeAtAPlaceAndAMistakeTheNext() {
		assertThat(computing(SERIALIZING, "netty:GET /owners")).isFalse();
		assertThat(computing(SERIALIZING, "netty:GET /owners")).isTrue();
		assertThat(computing(SERIALIZING, "netty:GET /vets")).isFalse();
	}

	@Test
	void frameworkCodeThatGetsNoCpuIsWaitingNotAtFaultButBlockedFrameworkCodeIs() {
		computing(SERIALIZING, "netty:GET /owners"); // its first run there
		long start = ms(1_000);
		StallEvidence starved = new StallEvidence(start);
		starved.sample(start + ms(30), SERIALIZING, Activity.FRAMEWORK, ms(25), true);
		starved.sample(start + ms(150), SERIALIZING, Activity.FRAMEWORK, ms(30), true);
		starved.end(start + ms(160));
		assertThat(starved.isMistake(THRESHOLD, this.warmUp, "netty:GET /owners")).isFalse();
		StallEvidence blocked = new StallEvidence(start);
		blocked.sample(start + ms(30), SERIALIZING, Activity.FRAMEWORK, ms(25), false);
		blocked.sample(start + ms(150), SERIALIZING, Activity.FRAMEWORK, ms(30), false);
		blocked.end(start + ms(160));
		assertThat(blocked.isMistake(THRESHOLD, this.warmUp, "netty:GET /owners")).isTrue();
	}

	@Test
	void aRunThatBeganWhileTheFirstAtItsPlaceWentOnIsItsTwinAndWarmUpToo() {
		assertThat(computingFrom(0, SERIALIZING, "netty:GET /owners")).isFalse();
		assertThat(computingFrom(100, SERIALIZING, "netty:GET /owners")).isFalse();
		assertThat(computingFrom(1_000, SERIALIZING, "netty:GET /owners")).isTrue();
	}

	/** Runs one after the other: each a second after the one before. */
	private long nextStart;

	private boolean computing(StackTraceElement[] stack, String place) {
		boolean mistake = computingFrom(this.nextStart, stack, place);
		this.nextStart += 1_000;
		return mistake;
	}

	private boolean computingFrom(long startMillis, StackTraceElement[] stack, String place) {
		long start = ms(startMillis);
		StallEvidence evidence = new StallEvidence(start);
		evidence.sample(start + ms(30), stack, Activity.FRAMEWORK, ms(30), true);
		evidence.sample(start + ms(150), stack, Activity.FRAMEWORK, ms(150), true);
		evidence.end(start + ms(160));
		return evidence.isMistake(THRESHOLD, this.warmUp, place);
	}

	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

}
