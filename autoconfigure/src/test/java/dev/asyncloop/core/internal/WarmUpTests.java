package dev.asyncloop.core.internal;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Framework code blocking at a place for the first time is warm-up, and so is its twin
 * that began while that first time went on (two event loops building one cache, one
 * waiting for the other); a later time at the same place is reported.
 */
class WarmUpTests {

	private final WarmUp warmUp = new WarmUp(ApplicationCode.inPackages(List.of("com.example")),
			LogDestination.system());

	private final StackTraceElement[] frameworkOnly = {
			new StackTraceElement("tools.jackson.databind.ser.SerializerCache", "untypedValueSerializer",
					"SerializerCache.java", 120),
			new StackTraceElement("io.netty.channel.nio.NioEventLoop", "run", "NioEventLoop.java", 500) };

	private final Instant now = Instant.now();

	@Test
	void theFirstTimeAndItsTwinAreWarmUpAndALaterTimeIsNot() {
		String where = "synchronized (SerializerCache) on netty";
		assertThat(blocked(where, 0, 10)).isTrue();
		assertThat(blocked(where, 5, 25)).as("began while the first went on").isTrue();
		assertThat(blocked(where, 500, 510)).as("long after").isFalse();
		assertThat(this.warmUp.count()).isEqualTo(2);
	}

	@Test
	void aTwinDoesNotStretchTheFirstTime() {
		String where = "synchronized (SerializerCache) on netty";
		assertThat(blocked(where, 0, 10)).isTrue();
		assertThat(blocked(where, 9, 100)).isTrue();
		assertThat(blocked(where, 50, 60)).as("after the first ended, during its twin").isFalse();
	}

	private boolean blocked(String where, long startMillis, long endMillis) {
		return this.warmUp.setsAside(this.frameworkOnly, where, this.now.plusMillis(startMillis),
				this.now.plusMillis(endMillis), "blocking call");
	}

}
