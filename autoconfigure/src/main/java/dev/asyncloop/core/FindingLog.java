package dev.asyncloop.core;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.DurationLimits;
import dev.asyncloop.core.internal.LogDestination;
import dev.asyncloop.core.internal.Places;
import dev.asyncloop.core.internal.SecondsText;
import dev.asyncloop.core.internal.StackFrames;

/**
 * Logs findings in asyncio's own wording, so people who know asyncio's debug mode
 * recognise them. A site that keeps producing findings is logged once per interval,
 * with a count of what was left out.
 */
final class FindingLog implements FindingListener {

	private final Logger slowCallbacks;

	private final Logger neverAwaited;

	private final Logger unretrievedExceptions;

	private final Logger blockingCalls;

	private static final int MAX_SITES = 1024;

	/** Innermost frames always logged: where a thread is stuck. */
	private static final int INNERMOST = 3;

	/** Innermost frames logged when no frame is the application's. */
	private static final int INNERMOST_WITHOUT_APPLICATION = 12;

	/** Frames logged on each side of an application frame. */
	private static final int AROUND = 2;

	private final long intervalNanos;

	private final Function<String, ExecutorKind> executorKinds;

	private final ApplicationCode applicationCode;

	/** When each site was last logged and how much was left out since. */
	private final Map<String, Site> sites = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Site> eldest) {
			return size() > MAX_SITES;
		}
	});

	/** Live slow callbacks whose first line was logged: their end is logged too. */
	private final Set<Finding> loggedLive = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	/**
	 * @param interval how often one site may be logged; positive
	 * @param executorKinds the kind of an executor, by name, to word thresholds right
	 * @param applicationCode which frames are the application's, to tell places apart
	 * and to keep logged stacks to the frames that matter
	 * @param loggers where the lines go
	 */
	FindingLog(Duration interval, Function<String, ExecutorKind> executorKinds, ApplicationCode applicationCode,
			LogDestination loggers) {
		this.intervalNanos = DurationLimits.requirePositive("logInterval", interval).toNanos();
		this.executorKinds = executorKinds;
		this.applicationCode = applicationCode;
		this.slowCallbacks = loggers.logger("dev.asyncloop.SlowCallbacks");
		this.neverAwaited = loggers.logger("dev.asyncloop.NeverAwaited");
		this.unretrievedExceptions = loggers.logger("dev.asyncloop.UnretrievedExceptions");
		this.blockingCalls = loggers.logger("dev.asyncloop.BlockingCalls");
	}

	@Override
	public void recorded(Finding finding) {
		String suppressed = admit(finding.kind() + " " + finding.site() + " at "
				+ Places.of(finding.where(), this.applicationCode));
		if (suppressed == null) {
			return;
		}
		if (finding instanceof SlowCallback slow) {
			if (slow.finished()) {
				this.slowCallbacks.log(Level.WARNING, executed(slow) + suppressed);
			}
			else {
				this.loggedLive.add(slow);
				this.slowCallbacks.log(Level.WARNING, running(slow) + suppressed + frames(slow.stack()));
			}
		}
		else if (finding instanceof NeverAwaited never) {
			this.neverAwaited.log(Level.WARNING, never.description() + " was never subscribed"
					+ suppressed + StackFrames.createdAt(never.createdAt()));
		}
		else if (finding instanceof UnretrievedException lost) {
			this.unretrievedExceptions.log(Level.ERROR,
					"Task exception was never retrieved" + suppressed + "\ntask: " + lost.task() + " on "
							+ lost.executor() + "\nexception: " + lost.exception() + frames(lost.stack())
							+ StackFrames.createdAt(lost.createdAt()));
		}
		else if (finding instanceof BlockingCall blocking) {
			this.blockingCalls.log(Level.WARNING,
					"Blocking call " + blocking.call() + " (" + blocking.duration().toMillis()
							+ " ms) on non-blocking thread " + blocking.thread()
							+ ((blocking.task() != null) ? " in " + blocking.task() : "") + suppressed
							+ frames(blocking.stack()));
		}
	}

	@Override
	public void updated(Finding previous, Finding current) {
		if (current instanceof SlowCallback slow && slow.finished() && this.loggedLive.remove(previous)) {
			this.slowCallbacks.log(Level.WARNING, executed(slow));
		}
	}

	private String running(SlowCallback slow) {
		return slow.task() + " has been running for " + SecondsText.of(slow.duration().toNanos()) + " seconds on "
				+ slow.thread() + threshold(slow);
	}

	private String executed(SlowCallback slow) {
		return "Executing " + slow.task() + " took " + SecondsText.of(slow.duration().toNanos()) + " seconds on "
				+ slow.thread() + threshold(slow)
				+ ((slow.blockingCall() != null) ? "; it blocked in " + slow.blockingCall() : "");
	}

	private String threshold(SlowCallback slow) {
		String what = (this.executorKinds.apply(slow.executor()) == ExecutorKind.BLOCKING) ? "long task threshold"
				: "slow callback threshold";
		return " (" + what + " " + SecondsText.of(slow.threshold().toNanos()) + " seconds)";
	}

	/**
	 * Whether {@code site} may be logged now: {@code null} if not, otherwise the
	 * (possibly empty) note about findings left out since it was last logged.
	 */
	private String admit(String site) {
		long now = System.nanoTime();
		synchronized (this.sites) {
			Site known = this.sites.get(site);
			if (known == null) {
				this.sites.put(site, new Site(now));
				return "";
			}
			if (now - known.loggedAt < this.intervalNanos) {
				known.leftOut++;
				return null;
			}
			String note = (known.leftOut > 0) ? " (" + known.leftOut + " more like this in the last "
					+ SecondsText.of(now - known.loggedAt) + " seconds were not logged)" : "";
			known.loggedAt = now;
			known.leftOut = 0;
			return note;
		}
	}

	/**
	 * A stack as the log shows it: the innermost frames (where it is stuck), each
	 * application frame with a few around it, and a count of the frames left out in
	 * between. The endpoint keeps the whole stack.
	 */
	private String frames(List<String> stack) {
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
		StringBuilder text = new StringBuilder();
		int leftOut = 0;
		for (int i = 0; i < stack.size(); i++) {
			if (kept[i] || stack.get(i).startsWith("... ")) {
				if (leftOut > 0) {
					text.append("\n\t... ").append(leftOut).append(" frames left out");
					leftOut = 0;
				}
				text.append(kept[i] ? "\n\tat " : "\n\t").append(stack.get(i));
			}
			else {
				leftOut++;
			}
		}
		if (leftOut > 0) {
			text.append("\n\t... ").append(leftOut).append(" frames left out");
		}
		return text.toString();
	}

	private static final class Site {

		long loggedAt;

		long leftOut;

		Site(long loggedAt) {
			this.loggedAt = loggedAt;
		}

	}

}
