package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * asyncio's {@code unclosed transport} at shutdown: a connection still busy with a
 * request is named; an idle one, which its pool or server closes on its own, is not.
 */
class UnclosedConnectionsTests {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	@Test
	void connectionsBusyAtShutdownAreNamedAndIdleOnesAreNot() {
		Transports transports = new Transports();
		transports.opened("busy",
				new FakeConnection("busy", "client", "GET http://localhost:9000/report", Duration.ZERO));
		transports.opened("idle", new FakeConnection("idle", "client", null, Duration.ZERO));
		transports.logUnclosed(new Capturing());
		assertThat(this.lines).singleElement()
			.asString()
			.startsWith("Unclosed connection busy (client, /127.0.0.1:50000 to localhost/127.0.0.1:9000) still busy "
					+ "with GET http://localhost:9000/report at shutdown");
	}

	private final class Capturing implements System.Logger {

		@Override
		public String getName() {
			return "test";
		}

		@Override
		public boolean isLoggable(Level level) {
			return true;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			UnclosedConnectionsTests.this.lines.add(message);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			UnclosedConnectionsTests.this.lines.add(format);
		}

	}

}
