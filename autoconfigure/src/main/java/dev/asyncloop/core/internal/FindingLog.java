package dev.asyncloop.core.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.FindingListener;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.internal.FindingMessages.Message;

/**
 * Logs findings in asyncio's own wording, so people who know asyncio's debug mode
 * recognise them. A site that keeps producing findings is logged once per interval,
 * with a count of what was left out.
 */
final class FindingLog implements FindingListener, Runnable {

	private static final int MAX_SITES = 1024;

	private static final long LOOK_FOR_LEFT_OUT_NANOS = 1_000_000_000L;

	private final long intervalNanos;

	private long lastLookForLeftOut = System.nanoTime();

	private final ApplicationCode applicationCode;

	/** Where the findings of each kind are logged, and how loud. */
	private final Map<FindingKind, Channel> channels = new EnumMap<>(FindingKind.class);

	/** Where the channels' lines go, and how a line carries a trace there. */
	private final LogDestination loggers;

	/** When each site was last logged and how much was left out since. */
	private final Map<String, Site> sites = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Site> eldest) {
			return size() > MAX_SITES;
		}
	});

	/** Live slow callbacks whose first line was logged: their end is logged too. */
	private final Set<Finding> loggedLive = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	/** How each finding is worded, its stacks cut. */
	private final FindingMessages messages;

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
		this.applicationCode = applicationCode;
		this.messages = new FindingMessages(new StackCut(applicationCode), executorKinds);
		this.loggers = loggers;
		this.channels.put(FindingKind.SLOW_CALLBACK,
				new Channel(loggers.logger("dev.asyncloop.SlowCallbacks"), Level.WARNING));
		this.channels.put(FindingKind.NEVER_AWAITED,
				new Channel(loggers.logger("dev.asyncloop.NeverAwaited"), Level.WARNING));
		// asyncio logs a lost exception as an error: it is one.
		this.channels.put(FindingKind.UNRETRIEVED_EXCEPTION,
				new Channel(loggers.logger("dev.asyncloop.UnretrievedExceptions"), Level.ERROR));
		this.channels.put(FindingKind.BLOCKING_CALL,
				new Channel(loggers.logger("dev.asyncloop.BlockingCalls"), Level.WARNING));
		this.channels.put(FindingKind.THREAD_SAFETY,
				new Channel(loggers.logger("dev.asyncloop.ThreadSafety"), Level.WARNING));
		// Netty logs a leak as an error: it is one.
		this.channels.put(FindingKind.RESOURCE_LEAK,
				new Channel(loggers.logger("dev.asyncloop.ResourceLeaks"), Level.ERROR));
	}

	@Override
	public void recorded(Finding finding) {
		String site = finding.kind() + " " + finding.site() + " at " + Places.of(finding.where(), this.applicationCode);
		String suppressed = admit(site);
		if (suppressed == null) {
			return;
		}
		if (!finding.finished()) {
			this.loggedLive.add(finding);
		}
		Message message = this.messages.of(finding);
		remember(site, finding.kind(), message.headline());
		log(finding, message.headline() + suppressed + message.body());
	}

	/**
	 * Once a second, logs the findings left out at sites not logged for an interval;
	 * run by the watchdog.
	 */
	@Override
	public void run() {
		long now = System.nanoTime();
		if (now - this.lastLookForLeftOut >= LOOK_FOR_LEFT_OUT_NANOS) {
			this.lastLookForLeftOut = now;
			logLeftOut(false);
		}
	}

	/**
	 * Logs, for each site whose findings were left out, how many: those last logged an
	 * interval ago or more, or every one when {@code all} (the application closes), so
	 * that repeats are counted although the site is never logged again. Run by the
	 * watchdog.
	 */
	void logLeftOut(boolean all) {
		long now = System.nanoTime();
		List<String> lines = new ArrayList<>();
		List<FindingKind> kinds = new ArrayList<>();
		synchronized (this.sites) {
			for (Site known : this.sites.values()) {
				if (known.leftOut > 0 && known.headline != null && (all || now - known.loggedAt >= this.intervalNanos)) {
					lines.add(known.leftOut + " more like this in the last " + SecondsText.of(now - known.loggedAt)
							+ " seconds were not logged: " + known.headline);
					kinds.add(known.kind);
					known.loggedAt = now;
					known.leftOut = 0;
				}
			}
		}
		for (int i = 0; i < lines.size(); i++) {
			this.channels.get(kinds.get(i)).log(lines.get(i));
		}
	}

	private void remember(String site, FindingKind kind, String headline) {
		synchronized (this.sites) {
			Site known = this.sites.get(site);
			if (known != null) {
				known.kind = kind;
				known.headline = headline;
			}
		}
	}

	/**
	 * Logs the end of a slow callback whose first line was logged while it ran.
	 */
	@Override
	public void updated(Finding previous, Finding current) {
		if (!this.loggedLive.remove(previous)) {
			return;
		}
		if (!current.finished()) {
			// Still running, with more said of it (a blocking call linked): its end is this one's.
			this.loggedLive.add(current);
			return;
		}
		Message message = this.messages.of(current);
		log(current, message.headline() + message.body());
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
	 * Logs {@code message} about {@code finding} on its kind's channel, with its trace
	 * where the logging system shows one.
	 */
	private void log(Finding finding, String message) {
		Channel channel = this.channels.get(finding.kind());
		if (finding.traceId() == null) {
			channel.log(message);
			return;
		}
		this.loggers.inTrace(finding.traceId(), finding.spanId(), () -> channel.log(message));
	}

	private record Channel(Logger logger, Level level) {

		void log(String message) {
			this.logger.log(this.level, message);
		}

	}

	private static final class Site {

		long loggedAt;

		long leftOut;

		/** The kind and the first line of the finding last logged here. */
		FindingKind kind;

		String headline;

		Site(long loggedAt) {
			this.loggedAt = loggedAt;
		}

	}

}
