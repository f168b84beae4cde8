package dev.asyncloop.core;

import java.time.Instant;
import java.util.List;

/**
 * A publisher returned by an application method and never subscribed: the Java twin
 * of asyncio's {@code coroutine '...' was never awaited}.
 *
 * @param name the method that returned it, as {@code Class.method}
 * @param type the publisher's type, for example {@code Mono} or {@code Flux}
 * @param createdAt where the method was called, innermost frame first
 * @param time when the publisher was returned
 * @param traceId the trace id, when known
 */
public record NeverAwaited(String name, String type, List<String> createdAt, Instant time, String traceId)
		implements Finding {

	public NeverAwaited {
		createdAt = List.copyOf(createdAt);
	}

	@Override
	public FindingKind kind() {
		return FindingKind.NEVER_AWAITED;
	}

	@Override
	public Instant origin() {
		return this.time;
	}

	@Override
	public String site() {
		return this.name;
	}

	@Override
	public List<String> where() {
		return this.createdAt;
	}

}
