package dev.asyncloop.core.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Warm-up set aside: runs, stalls and blocking calls whose time went to loading,
 * linking and initialising classes, or to the first run of framework code at a place
 * (building serializers, creating a child context, a cold first request), and to runs
 * at that place that began while that first one went on (two event loops building the
 * same cache at once, one waiting for the other). They are
 * counted, logged at debug level, and not reported: a cold JVM is not a mistake.
 * Decided by cause, never by the clock: the same stall in the application's own code
 * is reported on the very first request.
 */
public final class WarmUp {

	/** Places remembered; past this, framework code counts as having run everywhere. */
	private static final int MAX_PLACES = 4096;

	/**
	 * Each place where framework code ran long for the first time, with when that first
	 * run was last seen going on (as {@link System#nanoTime()}): a run at the same place
	 * that began before then is its twin (two event loops building the same cache at
	 * once, one waiting for the other) and warm-up too.
	 */
	private final Map<String, FirstRun> places = new ConcurrentHashMap<>();

	private final LongAdder sinceClear = new LongAdder();

	private final ApplicationCode applicationCode;

	private final System.Logger logger;

	public WarmUp(ApplicationCode applicationCode, LogDestination loggers) {
		this.applicationCode = applicationCode;
		this.logger = loggers.logger("dev.asyncloop.WarmUp");
	}

	/**
	 * Whether framework code running long at {@code place} from {@code startedAt} and
	 * seen going on at {@code seenAt} is the first run there, or its twin (it began
	 * while the first was still going on); a first run is remembered.
	 */
	boolean isFirstRunAt(String place, long startedAt, long seenAt) {
		FirstRun first = this.places.get(place);
		if (first == null) {
			if (this.places.size() >= MAX_PLACES) {
				return false;
			}
			FirstRun mine = new FirstRun(seenAt);
			first = this.places.putIfAbsent(place, mine);
			if (first == null) {
				return true;
			}
		}
		return startedAt - first.seenUntil < 0;
	}

	/**
	 * The first run at {@code place} is still going on at {@code seenAt}.
	 */
	void stillFirstRunAt(String place, long seenAt) {
		FirstRun first = this.places.get(place);
		if (first != null && seenAt - first.seenUntil > 0) {
			first.seenUntil = seenAt;
		}
	}

	/**
	 * Whether something seen once with {@code stack} (a blocking call, say) from
	 * {@code start} to {@code end} is warm-up, counting it if it is: the stack loads
	 * classes, or shows framework code only, for the first time at {@code where} and its
	 * first framework frame (or while that first time was going on).
	 * @param what what was seen, for the debug log
	 */
	public boolean setsAside(StackTraceElement[] stack, String where, Instant start, Instant end, String what) {
		Activity activity = Activity.of(stack, this.applicationCode);
		boolean warmUp = switch (activity) {
			case WARMING_UP -> true;
			case FRAMEWORK -> isFirstRunAt(where + " at " + firstFrameworkFrame(stack), nanos(start), nanos(end));
			case IDLE, APPLICATION -> false;
		};
		if (warmUp) {
			count(what, activity.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
		}
		return warmUp;
	}

	/** {@code instant} on the clock of {@link System#nanoTime()}. */
	private static long nanos(Instant instant) {
		return System.nanoTime() - Duration.between(instant, Instant.now()).toNanos();
	}

	/**
	 * Counts one piece of warm-up that its detector recognised as such.
	 */
	public void count(String what, String why) {
		this.sinceClear.increment();
		if (this.logger.isLoggable(Level.DEBUG)) {
			this.logger.log(Level.DEBUG, "Set aside as warm-up: " + what + " (" + why + ")");
		}
	}

	/**
	 * Pieces of warm-up set aside since the findings were last cleared.
	 */
	public long count() {
		return this.sinceClear.sum();
	}

	void clear() {
		this.sinceClear.reset();
	}

	/**
	 * When a place's first run was last seen going on.
	 */
	private static final class FirstRun {

		volatile long seenUntil;

		FirstRun(long seenUntil) {
			this.seenUntil = seenUntil;
		}

	}

	/**
	 * The first frame of {@code stack} that is neither the JDK's nor the plumbing of
	 * Reactor and Netty: where the framework's own work is.
	 */
	static String firstFrameworkFrame(StackTraceElement[] stack) {
		for (StackTraceElement frame : stack) {
			if (!Places.isPlumbing(frame.getClassName())) {
				return frame.getClassName() + "." + frame.getMethodName();
			}
		}
		return "";
	}

}
