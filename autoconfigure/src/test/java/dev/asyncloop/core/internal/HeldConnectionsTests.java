package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.ResourceLeak;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client connections held while no bytes flow: reported once per connection and
 * request, and only while a request holds them.
 */
class HeldConnectionsTests {

	private final Transports transports = new Transports();

	private final Findings findings = new Findings(16, new InternalErrors(System.getLogger("test")),
			new WarmUp(ApplicationCode.unknown(), LogDestination.system()));

	/** Looking at every call, where the watchdog looks about once a second. */
	private final HeldConnections held = new HeldConnections(this.transports, this.findings, Duration.ofSeconds(30), 0);

	@Test
	void clientConnectionWithoutTrafficPastTheThresholdIsReportedOnce() {
		this.transports.opened("a",
				new FakeConnection("fake", "client", "GET http://localhost:9000/slow", Duration.ofSeconds(31)));
		look();
		look();
		List<ResourceLeak> leaks = leaks();
		assertThat(leaks).hasSize(1);
		assertThat(leaks.get(0).resource()).isEqualTo("connection");
		assertThat(leaks.get(0).request()).isNull(); // no server request was being served when it was acquired
		assertThat(leaks.get(0).detail()).contains("sending GET http://localhost:9000/slow");
		assertThat(leaks.get(0).duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void idleConnectionsBusyOnesAndServerConnectionsAreNotReported() {
		this.transports.opened("pooled", new FakeConnection("fake", "client", null, Duration.ofMinutes(5)));
		this.transports.opened("busy",
				new FakeConnection("fake", "client", "GET http://localhost:9000/fast", Duration.ofSeconds(1)));
		this.transports.opened("served", new FakeConnection("fake", "server", "GET /slow", Duration.ofMinutes(5)));
		look();
		assertThat(leaks()).isEmpty();
	}

	private void look() {
		this.held.run();
	}

	private List<ResourceLeak> leaks() {
		return this.findings.list(FindingKind.RESOURCE_LEAK).stream().map(ResourceLeak.class::cast).toList();
	}

}
