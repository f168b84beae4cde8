package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.asyncloop.core.internal.SecondsText;

/**
 * A task that ran longer than its executor allows. Recorded while the task is still
 * running ({@code finished == false}, {@code duration} is how long it had run when
 * the stack was taken) and replaced by its finished form when the task ends.
 *
 * @param task the task's name
 * @param executor the executor's name
 * @param thread the thread it ran on
 * @param duration how long it ran (so far, while not finished)
 * @param threshold the executor's threshold at the time
 * @param finished whether the task has ended
 * @param stack where the task was when it crossed the threshold, innermost frame first
 * (empty when it ended before the stack could be taken)
 * @param createdAt where the task was submitted, innermost frame first (debug mode only)
 * @param time when the task crossed the threshold
 * @param traceId the trace id of the request it is about, when known
 * @param spanId the id of that request's span, when known
 * @param blockingCall a blocking call made by the task while it was slow, when known
 * @param submitted when the task was submitted
 */
public record SlowCallback(String task, String executor, String thread, Duration duration, Duration threshold,
		boolean finished, List<String> stack, List<String> createdAt, Instant time, String traceId,
		String spanId, String blockingCall, Instant submitted) implements Finding {

	public SlowCallback {
		stack = List.copyOf(stack);
		createdAt = List.copyOf(createdAt);
	}

	@Override
	public FindingKind kind() {
		return FindingKind.SLOW_CALLBACK;
	}

	@Override
	public String subject() {
		return this.task;
	}

	/**
	 * When the task was submitted: the mistake is whoever submitted it.
	 */
	@Override
	public Instant origin() {
		return this.submitted;
	}

	@Override
	public Map<String, Object> attributes() {
		return FindingAttributes.of("task", this.task, "executor", this.executor, "thread", this.thread, "duration",
				this.duration, "threshold", this.threshold, "finished", this.finished, "stack", this.stack,
				"createdAt", this.createdAt, "time", this.time, "traceId", this.traceId, "spanId", this.spanId,
				"blockingCall", this.blockingCall);
	}

	@Override
	public String summary() {
		return "slow callback: " + this.task + (this.finished ? " ran " : " was still running after ")
				+ SecondsText.of(this.duration.toNanos()) + " s on " + this.thread + " (executor " + this.executor
				+ ", threshold " + SecondsText.of(this.threshold.toNanos()) + " s)"
				+ ((this.blockingCall != null) ? ", blocked in " + this.blockingCall : "");
	}

	/**
	 * This finding, ended after {@code duration}.
	 */
	public SlowCallback finish(Duration duration) {
		return new SlowCallback(this.task, this.executor, this.thread, duration, this.threshold, true, this.stack,
				this.createdAt, this.time, this.traceId, this.spanId, this.blockingCall, this.submitted);
	}

	/**
	 * This finding, naming the blocking call that made it slow.
	 */
	public SlowCallback withBlockingCall(String call) {
		return new SlowCallback(this.task, this.executor, this.thread, this.duration, this.threshold, this.finished,
				this.stack, this.createdAt, this.time, this.traceId, this.spanId, call, this.submitted);
	}

}
