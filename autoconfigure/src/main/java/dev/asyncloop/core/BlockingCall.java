package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A blocking call or blocking wait on a thread that must not block.
 *
 * @param call the blocking method, for example {@code java.lang.Thread.sleep}
 * @param thread the thread that blocked
 * @param executor the executor owning that thread
 * @param duration how long it blocked
 * @param stack the caller's stack, innermost frame first
 * @param task the task that was running, when known
 * @param time when the call ended
 * @param traceId the trace id of the request it is about, when known
 * @param spanId the id of that request's span, when known
 */
public record BlockingCall(String call, String thread, String executor, Duration duration, List<String> stack,
		String task, Instant time, String traceId, String spanId) implements Finding {

	public BlockingCall {
		stack = List.copyOf(stack);
	}

	@Override
	public FindingKind kind() {
		return FindingKind.BLOCKING_CALL;
	}

	@Override
	public String subject() {
		return this.call;
	}

	/**
	 * Empty: a call is made, not created; its {@link #stack() stack} says where.
	 */
	@Override
	public List<String> createdAt() {
		return List.of();
	}

	@Override
	public Instant origin() {
		return (this.duration != null) ? this.time.minus(this.duration) : this.time;
	}

	@Override
	public String site() {
		return this.call + " on " + this.executor;
	}

	@Override
	public Map<String, Object> attributes() {
		return FindingAttributes.of("call", this.call, "thread", this.thread, "executor", this.executor, "duration",
				this.duration, "stack", this.stack, "task", this.task, "time", this.time, "traceId", this.traceId,
				"spanId", this.spanId);
	}

	@Override
	public String summary() {
		return "blocking call: " + this.call + " on non-blocking thread " + this.thread + " (executor " + this.executor
				+ ")" + ((this.duration != null) ? ", " + this.duration.toMillis() + " ms" : "")
				+ ((this.task != null) ? ", in " + this.task : "");
	}

}
