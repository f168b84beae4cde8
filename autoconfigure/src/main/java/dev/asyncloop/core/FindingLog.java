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

/**
 * Logs findings in asyncio's own wording, so people who know asyncio's debug mode
 * recognise them. A site that keeps producing findings is logged once per interval,
 * with a count of what was left out.
 */
public final class FindingLog implements FindingListener {

	private final Logger slowCallbacks;

	private final Logger neverAwaited;

	private final Logger unretrievedExceptions;

	private final Logger blockingCalls;

	private static final int MAX_SITES = 1024;

	private final long intervalNanos;

	private final Function<String, ExecutorKind> executorKinds;

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
	 * @param interval how often one site may be logged
	 * @param executorKinds the kind of an executor, by name, to word thresholds right
	 * @param loggers where the lines go
	 */
	public FindingLog(Duration interval, Function<String, ExecutorKind> executorKinds, LoggerFactory loggers) {
		this.intervalNanos = interval.toNanos();
		this.executorKinds = executorKinds;
		this.slowCallbacks = loggers.logger("dev.asyncloop.SlowCallbacks");
		this.neverAwaited = loggers.logger("dev.asyncloop.NeverAwaited");
		this.unretrievedExceptions = loggers.logger("dev.asyncloop.UnretrievedExceptions");
		this.blockingCalls = loggers.logger("dev.asyncloop.BlockingCalls");
	}

	@Override
	public void recorded(Finding finding) {
		String suppressed = admit(finding.site());
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
			this.neverAwaited.log(Level.WARNING, never.type() + " returned by " + never.name() + "(..) was never subscribed"
					+ suppressed + createdAt(never.createdAt()));
		}
		else if (finding instanceof UnretrievedException lost) {
			this.unretrievedExceptions.log(Level.ERROR,
					"Task exception was never retrieved" + suppressed + "\ntask: " + lost.task() + " on "
							+ lost.executor() + "\nexception: " + lost.exception() + frames(lost.stack())
							+ createdAt(lost.createdAt()));
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
		return slow.task() + " has been running for " + Durations.seconds(slow.duration().toNanos()) + " seconds on "
				+ slow.thread() + threshold(slow);
	}

	private String executed(SlowCallback slow) {
		return "Executing " + slow.task() + " took " + Durations.seconds(slow.duration().toNanos()) + " seconds on "
				+ slow.thread() + threshold(slow)
				+ ((slow.blockingCall() != null) ? "; it blocked in " + slow.blockingCall() : "");
	}

	private String threshold(SlowCallback slow) {
		String what = (this.executorKinds.apply(slow.executor()) == ExecutorKind.BLOCKING) ? "long task threshold"
				: "slow callback threshold";
		return " (" + what + " " + Durations.seconds(slow.threshold().toNanos()) + " seconds)";
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
					+ Durations.seconds(now - known.loggedAt) + " seconds were not logged)" : "";
			known.loggedAt = now;
			known.leftOut = 0;
			return note;
		}
	}

	private static String frames(List<String> stack) {
		StringBuilder text = new StringBuilder();
		for (String frame : stack) {
			text.append("\n\tat ").append(frame);
		}
		return text.toString();
	}

	/**
	 * asyncio's {@code Created at (most recent call last)}: outermost frame first.
	 */
	static String createdAt(List<String> createdAt) {
		if (createdAt.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder("\nCreated at (most recent call last):");
		for (int i = createdAt.size() - 1; i >= 0; i--) {
			text.append("\n\t").append(createdAt.get(i));
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
