package dev.asyncloop.test;

import java.util.ArrayList;
import java.util.List;

import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.NeverAwaited;
import dev.asyncloop.core.RecordedFinding;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.UnretrievedException;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.SecondsText;

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
			report.append("\n\n").append(number++).append(". ");
			describe(recorded.finding(), report);
			for (String frame : keyFrames(recorded.finding(), code)) {
				report.append("\n       at ").append(frame);
			}
			report.append("\n   fix: ").append(fix(recorded.finding()));
		}
		report.append("\n\n(@FailOnAsyncLoopFindings: choose kinds with 'kinds', tolerate one with 'allow')");
		return report.toString();
	}

	private static void describe(Finding finding, StringBuilder text) {
		if (finding instanceof SlowCallback slow) {
			text.append("slow callback: ")
				.append(slow.task())
				.append(slow.finished() ? " ran " : " was still running after ")
				.append(SecondsText.of(slow.duration().toNanos()))
				.append(" s on ")
				.append(slow.thread())
				.append(" (executor ")
				.append(slow.executor())
				.append(", threshold ")
				.append(SecondsText.of(slow.threshold().toNanos()))
				.append(" s)");
			if (slow.blockingCall() != null) {
				text.append(", blocked in ").append(slow.blockingCall());
			}
		}
		else if (finding instanceof NeverAwaited never) {
			text.append("never awaited: ").append(never.description()).append(" was never subscribed");
		}
		else if (finding instanceof UnretrievedException lost) {
			text.append("exception never retrieved: ").append(lost.task()).append(" on ").append(lost.executor())
				.append(" failed with ").append(lost.exception());
		}
		else if (finding instanceof BlockingCall blocking) {
			text.append("blocking call: ").append(blocking.call()).append(" on non-blocking thread ")
				.append(blocking.thread()).append(" (executor ").append(blocking.executor()).append(')');
			if (blocking.duration() != null) {
				text.append(", ").append(blocking.duration().toMillis()).append(" ms");
			}
			if (blocking.task() != null) {
				text.append(", in ").append(blocking.task());
			}
		}
	}

	/**
	 * The innermost frames, to see the call, and the application's, to see where.
	 */
	private static List<String> keyFrames(Finding finding, ApplicationCode code) {
		List<String> stack = stack(finding);
		List<String> key = new ArrayList<>();
		for (int i = 0; i < stack.size() && key.size() < FRAMES; i++) {
			String frame = stack.get(i);
			if (i < 2 || code.isApplication(frame)) {
				key.add(frame);
			}
		}
		return key;
	}

	private static List<String> stack(Finding finding) {
		if (finding instanceof SlowCallback slow) {
			return slow.stack();
		}
		if (finding instanceof NeverAwaited never) {
			return never.createdAt();
		}
		if (finding instanceof UnretrievedException lost) {
			return lost.stack();
		}
		return ((BlockingCall) finding).stack();
	}

	private static String fix(Finding finding) {
		if (finding instanceof SlowCallback) {
			return "do not block or compute for long on a non-blocking thread: move the work to a blocking executor "
					+ "(Schedulers.boundedElastic(), the worker executor, @Async) or make it non-blocking.";
		}
		if (finding instanceof NeverAwaited) {
			return "a publisher does nothing until subscribed: return it, compose it (flatMap, then, zip) or "
					+ "subscribe to it.";
		}
		if (finding instanceof UnretrievedException) {
			return "observe the outcome: get/join the future, attach exceptionally/handle/whenComplete, or handle "
					+ "errors in the publisher (onErrorResume, an error consumer).";
		}
		return "replace the blocking call with a non-blocking one, or run it on a blocking executor.";
	}

}
