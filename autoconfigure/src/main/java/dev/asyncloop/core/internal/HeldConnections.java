package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import dev.asyncloop.core.ResourceLeak;

/**
 * Client connections held while no bytes flow: a connection sending a request whose
 * last read or write is older than the threshold (a response body nobody reads, a
 * request body nobody writes) keeps its pool's slot from everybody else. Reported
 * once per connection and request, from the watchdog's look, about once a second.
 */
public final class HeldConnections implements Runnable {

	private final Transports transports;

	private final Findings findings;

	private final Duration threshold;

	private final LookInterval looks;

	/** The request each connection was reported holding. */
	private final Map<Transports.Connection, String> reported = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * @param threshold how long a connection may be held without traffic; positive
	 */
	public HeldConnections(Transports transports, Findings findings, Duration threshold) {
		this(transports, findings, threshold, LookInterval.SECOND);
	}

	HeldConnections(Transports transports, Findings findings, Duration threshold, long lookIntervalNanos) {
		this.transports = transports;
		this.findings = findings;
		this.threshold = DurationLimits.requirePositive("heldConnectionDuration", threshold);
		this.looks = new LookInterval(lookIntervalNanos);
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		if (!this.looks.due(now)) {
			return;
		}
		Set<Transports.Connection> open = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
		for (Transports.Connection connection : this.transports.connections()) {
			open.add(connection);
			if (!"client".equals(connection.side())) {
				continue;
			}
			String request = connection.request();
			Duration idle = connection.idle(now);
			if (request == null || idle.compareTo(this.threshold) < 0 || request.equals(this.reported.get(connection))) {
				continue;
			}
			this.reported.put(connection, request);
			// The finding's request is the route being served when it was acquired, as for
			// leaked buffers; the request the connection sends is in the detail.
			Object trace = connection.acquiredInTrace();
			TraceIds ids = this.findings.traces().ids(trace);
			this.findings.record(new ResourceLeak("connection", connection.acquiredWhileServing(),
					connection.acquiredAt(), List.of(), idle,
					"client connection " + connection.id() + " to " + connection.remote() + " sending " + request
							+ ": the response (or request) body is neither read nor released, so the pool cannot "
							+ "give the connection to anybody else",
					Instant.now(), ids.traceId(), ids.spanId()), trace);
		}
		this.reported.keySet().retainAll(open);
	}

}
