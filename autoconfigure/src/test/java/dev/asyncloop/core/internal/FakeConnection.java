package dev.asyncloop.core.internal;

import java.time.Duration;

/**
 * A connection as an integration would register it, between {@code /127.0.0.1:50000}
 * and {@code localhost/127.0.0.1:9000}, opened and last active {@code idleFor} ago.
 */
public record FakeConnection(String id, String side, String request, Duration idleFor)
		implements Transports.Connection {

	public FakeConnection(String side, String request) {
		this("fake", side, request, Duration.ZERO);
	}

	@Override
	public String local() {
		return "/127.0.0.1:50000";
	}

	@Override
	public String remote() {
		return "localhost/127.0.0.1:9000";
	}

	@Override
	public long openedAt() {
		return System.nanoTime() - this.idleFor.toNanos();
	}

	@Override
	public long lastActivity() {
		return openedAt();
	}

}
