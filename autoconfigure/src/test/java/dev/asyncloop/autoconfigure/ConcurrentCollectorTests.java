package dev.asyncloop.autoconfigure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.internal.CollectionNudge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * On G1, asking for a collection starts a concurrent cycle, not a full collection that
 * stops the application, and leaves G1's settings as they were once it ran.
 */
class ConcurrentCollectorTests {

	@Test
	void onG1ACollectionIsAConcurrentCycleAndTheSettingIsPutBack() {
		assumeThat(ManagementFactory.getGarbageCollectorMXBeans()).as("the JVM runs G1")
			.anyMatch((collector) -> collector.getName().startsWith("G1 "));
		HotSpotDiagnosticMXBean flags = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		String usual = flags.getVMOption("G1PeriodicGCInterval").getValue();
		CollectionNudge.Collector collector = ConcurrentCollector.forThisJvm();
		assertThat(collector).isInstanceOf(ConcurrentCollector.class);

		long full = count("G1 Old Generation");
		long all = all();
		collector.requested();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> all() > all);
		}
		finally {
			collector.collected();
		}
		assertThat(count("G1 Old Generation")).as("full collections").isEqualTo(full);
		assertThat(flags.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo(usual);
	}

	private static long count(String name) {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.filter((collector) -> collector.getName().equals(name))
			.mapToLong(GarbageCollectorMXBean::getCollectionCount)
			.sum();
	}

	private static long all() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionCount)
			.sum();
	}

}
