package dev.asyncloop.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A publisher the application assembled, or one of its bean methods returned, that
 * nobody subscribed: the Java twin of asyncio's {@code coroutine '...' was never
 * awaited}.
 *
 * @param name the application method that assembled or returned it, as {@code Class.method}
 * @param type the publisher's type, for example {@code Mono} or {@code Flux}
 * @param returned whether a bean method returned it ({@code name} is that method) rather
 * than only assembled it
 * @param createdAt where it was assembled, or where the method that returned it was
 * called, innermost frame first
 * @param time when it was assembled or returned
 * @param traceId the trace id of the request it is about, when known
 * @param spanId the id of that request's span, when known
 */
public record NeverAwaited(String name, String type, boolean returned, List<String> createdAt, Instant time,
		String traceId, String spanId) implements Finding {

	public NeverAwaited {
		createdAt = List.copyOf(createdAt);
	}

	/**
	 * A publisher {@code name} returned and nobody subscribed.
	 */
	public NeverAwaited(String name, String type, List<String> createdAt, Instant time, String traceId,
			String spanId) {
		this(name, type, true, createdAt, time, traceId, spanId);
	}

	/**
	 * What was never subscribed, as the log says it: {@code Mono returned by
	 * OrderService.save(..)} or {@code Mono assembled at OwnerController.show}.
	 */
	public String description() {
		return this.returned ? this.type + " returned by " + this.name + "(..)"
				: this.type + " assembled at " + this.name;
	}

	@Override
	public FindingKind kind() {
		return FindingKind.NEVER_AWAITED;
	}

	@Override
	public String subject() {
		return this.name;
	}

	/**
	 * {@code null}: a publisher nobody subscribed never reached an executor.
	 */
	@Override
	public String executor() {
		return null;
	}

	/**
	 * {@code null}: the mistake is an absence, on no thread in particular.
	 */
	@Override
	public String thread() {
		return null;
	}

	/**
	 * Where it was created: a publisher nobody subscribed has no other stack.
	 */
	@Override
	public List<String> stack() {
		return this.createdAt;
	}

	@Override
	public String site() {
		return this.name;
	}

	@Override
	public Map<String, Object> attributes() {
		return FindingAttributes.of("name", this.name, "type", this.type, "createdAt", this.createdAt, "time",
				this.time, "traceId", this.traceId, "spanId", this.spanId);
	}

	@Override
	public String summary() {
		return "never awaited: " + description() + " was never subscribed";
	}

}
