package dev.asyncloop.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Signals raced from two threads into something that takes them from one thread at a
 * time: the Java twin of asyncio's {@code Non-thread-safe operation invoked on an event
 * loop other than the current one}. A {@code Sinks} emission rejected with
 * {@code FAIL_NON_SERIALIZED} and handed back to the application (the value is then
 * dropped), a single-producer sink ({@code Flux.push}, {@code Sinks.unsafe()}) entered
 * by a second thread, or signals overlapping into one subscriber (Reactive Streams
 * rule 1.3).
 *
 * @param operation what the second thread called, for example
 * {@code Sinks.Many.tryEmitNext} or {@code onNext}
 * @param subject the sink or publisher it raced into, and where it was made when known
 * @param executor the executor of the thread that raced in, when known
 * @param thread the thread that raced in
 * @param otherThread the thread that was inside, when known
 * @param otherActivity what the other thread was doing, for example {@code emitting}
 * @param lost whether the signal was dropped
 * @param consequence what follows from the race, in a few words
 * @param count how many times it happened: the same operation by the same thread into
 * the same sink while the same other thread was inside, each less than a second after
 * the one before, makes one finding
 * @param stack where the thread that raced in was, innermost frame first
 * @param otherStack where the other thread was at that moment, innermost frame first;
 * empty when unknown
 * @param createdAt where the sink was made, innermost frame first; empty when unknown
 * @param time when the race happened
 * @param traceId the trace id of the request it is about, when known
 * @param spanId the id of that request's span, when known
 */
public record ThreadSafety(String operation, String subject, String executor, String thread, String otherThread,
		String otherActivity, boolean lost, String consequence, int count, List<String> stack, List<String> otherStack,
		List<String> createdAt, Instant time, String traceId, String spanId) implements Finding {

	public ThreadSafety {
		stack = List.copyOf(stack);
		otherStack = List.copyOf(otherStack);
		createdAt = List.copyOf(createdAt);
	}

	@Override
	public FindingKind kind() {
		return FindingKind.THREAD_SAFETY;
	}

	/**
	 * The sink or publisher raced into: test mode allows findings by it.
	 */
	@Override
	public String subject() {
		return this.subject;
	}

	@Override
	public String site() {
		return this.operation + " into " + this.subject;
	}

	@Override
	public Map<String, Object> attributes() {
		return FindingAttributes.of("operation", this.operation, "subject", this.subject, "executor", this.executor,
				"thread", this.thread, "otherThread", this.otherThread, "stack", this.stack, "otherStack",
				this.otherStack, "lost", this.lost, "consequence", this.consequence, "count", this.count, "createdAt",
				this.createdAt,
				"time", this.time, "traceId", this.traceId, "spanId", this.spanId);
	}

	/**
	 * The same finding, having happened {@code more} more times.
	 */
	public ThreadSafety timesMore(int more) {
		return new ThreadSafety(this.operation, this.subject, this.executor, this.thread, this.otherThread,
				this.otherActivity, this.lost, this.consequence, this.count + more, this.stack, this.otherStack,
				this.createdAt, this.time, this.traceId, this.spanId);
	}

	@Override
	public String summary() {
		return "thread safety: " + headline() + " (" + this.subject + ((this.count > 1) ? ", " + this.count + " times" : "")
				+ ")";
	}

	/**
	 * What happened, in one line: the log's headline after {@code Non-thread-safe
	 * operation:}.
	 */
	public String headline() {
		return this.operation + " on " + this.thread + " while "
				+ ((this.otherThread != null) ? this.otherThread : "another thread") + " was " + this.otherActivity
				+ "; " + this.consequence;
	}

}
