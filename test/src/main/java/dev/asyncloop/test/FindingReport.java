package dev.asyncloop.test;

import java.util.ArrayList;
import java.util.List;

import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.internal.RecordedFinding;
import dev.asyncloop.core.internal.ApplicationCode;

/**
 * The message of a test that failed on findings: each finding with what, where (the
 * frames that matter), and how to fix it.
 */
final class FindingReport {

	/** Frames shown per finding: the innermost ones and the application's. */
	private static final int FRAMES = 6;

	private FindingReport() {
	}

	static String describe(String test, List<RecordedFinding> findings, ApplicationCode code) {
		StringBuilder report = new StringBuilder();
		report.append("asyncloop found ")
			.append(findings.size())
			.append((findings.size() == 1) ? " problem" : " problems")
			.append(" during ")
			.append(test)
			.append(':');
		int number = 1;
		for (RecordedFinding recorded : findings) {
			Finding finding = recorded.finding();
			report.append("\n\n").append(number++).append(". ").append(finding.summary());
			for (String frame : keyFrames(finding.stack(), code)) {
				report.append("\n       at ").append(frame);
			}
			report.append("\n   fix: ").append(fix(finding.kind()));
		}
		report.append("\n\n(@FailOnAsyncLoopFindings: choose kinds with 'kinds', tolerate one with 'allow')");
		return report.toString();
	}

	/**
	 * The innermost frames, to see the call, and the application's, to see where.
	 */
	private static List<String> keyFrames(List<String> stack, ApplicationCode code) {
		List<String> key = new ArrayList<>();
		for (int i = 0; i < stack.size() && key.size() < FRAMES; i++) {
			String frame = stack.get(i);
			if (i < 2 || code.isApplication(frame)) {
				key.add(frame);
			}
		}
		return key;
	}

	private static String fix(FindingKind kind) {
		return switch (kind) {
			case SLOW_CALLBACK -> "do not block or compute for long on a non-blocking thread: move the work to a "
					+ "blocking executor (Schedulers.boundedElastic(), the worker executor, @Async) or make it "
					+ "non-blocking.";
			case NEVER_AWAITED -> "a publisher does nothing until subscribed: return it, compose it (flatMap, then, "
					+ "zip) or subscribe to it.";
			case UNRETRIEVED_EXCEPTION -> "observe the outcome: get/join the future, attach "
					+ "exceptionally/handle/whenComplete, or handle errors in the publisher (onErrorResume, an error "
					+ "consumer).";
			case BLOCKING_CALL -> "replace the blocking call with a non-blocking one, or run it on a blocking executor.";
			case THREAD_SAFETY -> "emit from one thread at a time: Sinks.many() with emitNext(value, "
					+ "EmitFailureHandler.busyLooping(...)) instead of an ignored tryEmitNext, Flux.create (which "
					+ "serializes) instead of Flux.push, a serialized sink instead of Sinks.unsafe().";
			case RESOURCE_LEAK -> "release what you allocate or retain (DataBufferUtils.release, ReferenceCountUtil"
					+ ".release) on every path, errors and cancellation included; give pooled connections back by "
					+ "consuming or releasing the response body.";
		};
	}

}
