package dev.asyncloop.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts stacks to the frames that matter, as the log shows them: the innermost few
 * (where a thread is stuck), each application frame with a few around it, and a count
 * of the frames left out in between. Whoever shows a stack whole (the endpoint) keeps
 * it whole.
 */
public final class StackCut {

	/** Innermost frames always shown: where a thread is stuck. */
	private static final int INNERMOST = 3;

	/** Innermost frames shown when no frame is the application's. */
	private static final int INNERMOST_WITHOUT_APPLICATION = 12;

	/** Frames shown on each side of an application frame. */
	private static final int AROUND = 2;

	/** asyncloop's own frames, left out of where things were made. */
	private static final String OWN_FRAMES = "dev.asyncloop.";

	private final ApplicationCode applicationCode;

	public StackCut(ApplicationCode applicationCode) {
		this.applicationCode = applicationCode;
	}

	/**
	 * {@code stack}, innermost frame first, cut: a line each ({@code at} before each
	 * frame), every line starting with a line break.
	 */
	public String frames(List<String> stack) {
		boolean[] kept = kept(stack);
		StringBuilder text = new StringBuilder();
		int leftOut = 0;
		for (int i = 0; i < stack.size(); i++) {
			if (kept[i] || stack.get(i).startsWith("... ")) {
				leftOut = appendLeftOut(text, leftOut);
				text.append(kept[i] ? "\n\tat " : "\n\t").append(stack.get(i));
			}
			else {
				leftOut++;
			}
		}
		appendLeftOut(text, leftOut);
		return text.toString();
	}

	/**
	 * Where a task or publisher was made: asyncio's {@code Created at (most recent call
	 * last)}, outermost frame first, cut like a stack and without asyncloop's own
	 * instrumentation; empty for an empty stack.
	 */
	public String createdAt(List<String> createdAt) {
		if (createdAt.isEmpty()) {
			return "";
		}
		List<String> frames = new ArrayList<>(createdAt.size());
		for (String frame : createdAt) {
			if (!frame.startsWith(OWN_FRAMES) || this.applicationCode.isApplication(frame)) {
				frames.add(frame);
			}
		}
		boolean[] kept = kept(frames);
		StringBuilder text = new StringBuilder("\nCreated at (most recent call last):");
		int leftOut = 0;
		for (int i = frames.size() - 1; i >= 0; i--) {
			if (kept[i] || frames.get(i).startsWith("... ")) {
				leftOut = appendLeftOut(text, leftOut);
				text.append("\n\t").append(frames.get(i));
			}
			else {
				leftOut++;
			}
		}
		appendLeftOut(text, leftOut);
		return text.toString();
	}

	/**
	 * Which frames of {@code stack} (innermost first) are shown.
	 */
	private boolean[] kept(List<String> stack) {
		boolean[] kept = new boolean[stack.size()];
		boolean anyApplication = false;
		for (int i = 0; i < stack.size(); i++) {
			if (this.applicationCode.isApplication(stack.get(i))) {
				anyApplication = true;
				for (int j = Math.max(0, i - AROUND); j <= Math.min(stack.size() - 1, i + AROUND); j++) {
					kept[j] = true;
				}
			}
		}
		int top = anyApplication ? INNERMOST : INNERMOST_WITHOUT_APPLICATION;
		for (int i = 0; i < Math.min(top, stack.size()); i++) {
			kept[i] = true;
		}
		return kept;
	}

	private static int appendLeftOut(StringBuilder text, int leftOut) {
		if (leftOut > 0) {
			text.append("\n\t... ").append(leftOut).append(" frames left out");
		}
		return 0;
	}

}
