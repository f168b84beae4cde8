package dev.asyncloop.core.internal;

import java.util.function.Function;

import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.NeverAwaited;
import dev.asyncloop.core.ResourceLeak;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.ThreadSafety;
import dev.asyncloop.core.UnretrievedException;

/**
 * Words each kind of finding as the log shows it, in asyncio's own phrases where
 * asyncio has one ({@code Executing <Handle> took 2.003 seconds}, {@code Task exception
 * was never retrieved}), with its stacks cut.
 */
final class FindingMessages {

	private final StackCut stacks;

	private final Function<String, ExecutorKind> executorKinds;

	/**
	 * @param stacks how stacks are cut
	 * @param executorKinds the kind of an executor, by name, to word thresholds right
	 */
	FindingMessages(StackCut stacks, Function<String, ExecutorKind> executorKinds) {
		this.stacks = stacks;
		this.executorKinds = executorKinds;
	}

	/**
	 * A finding's log message: its headline, then (after the note of findings left out
	 * since its site was last logged) the body, with its stacks.
	 *
	 * @param headline the first line, in asyncio's words
	 * @param body the lines that follow: details and stacks, each line starting with a
	 * line break; empty when there are none
	 */
	record Message(String headline, String body) {
	}

	Message of(Finding finding) {
		if (finding instanceof SlowCallback slow) {
			return slowCallback(slow);
		}
		if (finding instanceof BlockingCall call) {
			// BlockHound reports a call as it starts: its duration is not known.
			String duration = (call.duration() != null) ? " (" + call.duration().toMillis() + " ms)" : "";
			return new Message("Blocking call " + call.call() + duration + " on non-blocking thread " + call.thread()
					+ ((call.task() != null) ? " in " + call.task() : ""), this.stacks.frames(call.stack()));
		}
		if (finding instanceof NeverAwaited publisher) {
			return new Message(publisher.description() + " was never subscribed",
					this.stacks.createdAt(publisher.createdAt()));
		}
		if (finding instanceof UnretrievedException failure) {
			return new Message("Task exception was never retrieved",
					"\ntask: " + failure.task() + " on " + failure.executor() + "\nexception: " + failure.exception()
							+ this.stacks.frames(failure.stack()) + this.stacks.createdAt(failure.createdAt()));
		}
		if (finding instanceof ThreadSafety race) {
			return threadSafety(race);
		}
		return resourceLeak((ResourceLeak) finding);
	}

	private Message slowCallback(SlowCallback slow) {
		String ran = SecondsText.of(slow.duration().toNanos()) + " seconds on " + slow.thread() + " ("
				+ thresholdName(slow.executor()) + " " + SecondsText.of(slow.threshold().toNanos()) + " seconds)";
		if (!slow.finished()) {
			return new Message(slow.task() + " has been running for " + ran, this.stacks.frames(slow.stack()));
		}
		return new Message("Executing " + slow.task() + " took " + ran
				+ ((slow.blockingCall() != null) ? "; it blocked in " + slow.blockingCall() : ""), "");
	}

	/**
	 * asyncio's {@code Non-thread-safe operation}, with both threads' stacks and where
	 * the sink was made.
	 */
	private Message threadSafety(ThreadSafety race) {
		StringBuilder body = new StringBuilder("\nInto ").append(race.subject())
			.append(", on ")
			.append(race.thread())
			.append(':')
			.append(this.stacks.frames(race.stack()));
		if (!race.otherStack().isEmpty()) {
			body.append("\nwhile ").append(race.otherThread()).append(" was at:")
				.append(this.stacks.frames(race.otherStack()));
		}
		body.append(this.stacks.createdAt(race.createdAt()));
		return new Message("Non-thread-safe operation: " + race.headline(), body.toString());
	}

	/**
	 * {@code Resource leak: ByteBuf allocated while serving GET /upload was
	 * garbage-collected without release()}, with where it was allocated and last touched.
	 */
	private Message resourceLeak(ResourceLeak leak) {
		StringBuilder body = new StringBuilder();
		if (!leak.stack().isEmpty()) {
			body.append(stackLabel(leak)).append(this.stacks.frames(leak.stack()));
		}
		if (!leak.accessedAt().isEmpty()) {
			body.append("\nLast touched at:").append(this.stacks.frames(leak.accessedAt()));
		}
		if (leak.detail() != null) {
			body.append('\n').append(leak.detail());
		}
		return new Message("Resource leak: " + leak.headline(), body.toString());
	}

	/**
	 * What a leak's stack shows: where a buffer was allocated, where a held connection
	 * was acquired, or what a starved pool's busiest thread is doing.
	 */
	private static String stackLabel(ResourceLeak leak) {
		if (leak.duration() == null) {
			return "\nAllocated at:";
		}
		return leak.resource().startsWith("thread pool ") ? "\nIts longest-running task is at:" : "\nAcquired at:";
	}

	private String thresholdName(String executor) {
		return (this.executorKinds.apply(executor) == ExecutorKind.BLOCKING) ? "long task threshold"
				: "slow callback threshold";
	}

}
