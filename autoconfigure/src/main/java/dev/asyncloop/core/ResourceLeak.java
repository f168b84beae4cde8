package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.asyncloop.core.internal.SecondsText;

/**
 * A resource the application took and did not give back: the Java twin of asyncio's
 * {@code ResourceWarning: unclosed transport}. A reference-counted buffer garbage
 * collected without {@code release()} (Netty's leak detector found it), a pooled
 * client connection held while no bytes flow, or a pool of threads or connections
 * starved by what holds on to it.
 *
 * @param resource what leaked, for example {@code ByteBuf}, {@code connection},
 * {@code thread pool worker} or {@code connection pool http}
 * @param request the request being served when it was allocated or acquired, for
 * example {@code GET /upload}; {@code null} when unknown
 * @param stack where it was allocated or acquired, innermost frame first, the
 * application's frames kept; empty when unknown
 * @param accessedAt where it was last touched, innermost frame first of the most
 * recent access; empty when unknown
 * @param duration how long a connection has been held, or {@code null}
 * @param detail what else is known, in a few words (the pool, the leak detector's level)
 * @param time when it was found
 * @param traceId the trace id of the request it is about, when known
 * @param spanId the id of that request's span, when known
 */
public record ResourceLeak(String resource, String request, List<String> stack, List<String> accessedAt,
		Duration duration, String detail, Instant time, String traceId, String spanId) implements Finding {

	public ResourceLeak {
		stack = List.copyOf(stack);
		accessedAt = List.copyOf(accessedAt);
	}

	@Override
	public FindingKind kind() {
		return FindingKind.RESOURCE_LEAK;
	}

	/**
	 * What leaked: test mode allows findings by it ({@code ByteBuf}).
	 */
	@Override
	public String subject() {
		return this.resource;
	}

	/**
	 * {@code null}: a leak is found when the resource is collected or looked at, on no
	 * executor in particular.
	 */
	@Override
	public String executor() {
		return null;
	}

	/**
	 * {@code null}: a leak is found on no thread in particular.
	 */
	@Override
	public String thread() {
		return null;
	}

	/**
	 * Empty: where it was allocated is its {@link #stack() stack}.
	 */
	@Override
	public List<String> createdAt() {
		return List.of();
	}

	@Override
	public String site() {
		return this.resource + ((this.request != null) ? " while serving " + this.request : "");
	}

	@Override
	public List<String> where() {
		return this.stack.isEmpty() ? this.accessedAt : this.stack;
	}

	@Override
	public Map<String, Object> attributes() {
		return FindingAttributes.of("resource", this.resource, "request", this.request, "stack", this.stack,
				"accessedAt", this.accessedAt, "duration", this.duration, "detail", this.detail, "time", this.time,
				"traceId", this.traceId, "spanId", this.spanId);
	}

	@Override
	public String summary() {
		return "resource leak: " + headline();
	}

	/**
	 * What happened, in one line: the log's headline after {@code Resource leak:}, such
	 * as {@code ByteBuf allocated while serving GET /upload was garbage-collected
	 * without release()}.
	 */
	public String headline() {
		String served = (this.request != null) ? " while serving " + this.request : "";
		if (this.resource.endsWith(" pool") || this.resource.contains(" pool ")) {
			return this.resource + " is starved: " + this.detail;
		}
		if (this.duration != null) {
			return this.resource + " acquired" + served + " has been held for "
					+ SecondsText.of(this.duration.toNanos())
					+ " seconds without traffic";
		}
		return this.resource + " allocated" + served + " was garbage-collected without release()";
	}

}
