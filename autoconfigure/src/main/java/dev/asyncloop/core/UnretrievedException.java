package dev.asyncloop.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A task that failed while nobody was looking at its outcome: asyncio's
 * {@code Task exception was never retrieved}, the ghost task.
 *
 * @param task the task's name
 * @param executor the executor's name
 * @param exception the exception, as {@code class: message}
 * @param stack the exception's stack, innermost frame first
 * @param createdAt where the task was submitted, innermost frame first (debug mode only)
 * @param time when the task failed
 * @param retrievedLater whether somebody observed the exception after it was reported
 * @param traceId the trace id of the request it is about, when known
 * @param spanId the id of that request's span, when known
 */
public record UnretrievedException(String task, String executor, String exception, List<String> stack,
		List<String> createdAt, Instant time, boolean retrievedLater, String traceId, String spanId)
		implements Finding {

	public UnretrievedException {
		stack = List.copyOf(stack);
		createdAt = List.copyOf(createdAt);
	}

	@Override
	public FindingKind kind() {
		return FindingKind.UNRETRIEVED_EXCEPTION;
	}

	@Override
	public String subject() {
		return this.task;
	}

	/**
	 * {@code null}: the failure is reported once nobody observed it, long after the
	 * thread that ran the task moved on.
	 */
	@Override
	public String thread() {
		return null;
	}

	@Override
	public Map<String, Object> attributes() {
		return FindingAttributes.of("task", this.task, "executor", this.executor, "exception", this.exception,
				"stack", this.stack, "createdAt", this.createdAt, "time", this.time, "retrievedLater",
				this.retrievedLater, "traceId", this.traceId, "spanId", this.spanId);
	}

	@Override
	public String summary() {
		return "exception never retrieved: " + this.task + " on " + this.executor + " failed with " + this.exception;
	}

	/**
	 * This finding, marked as observed after it was reported.
	 */
	public UnretrievedException retrieved() {
		return new UnretrievedException(this.task, this.executor, this.exception, this.stack, this.createdAt,
				this.time, true, this.traceId, this.spanId);
	}

}
