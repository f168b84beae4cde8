package dev.asyncloop.core.internal;

/**
 * Where the time of one long run (a task, or an event loop that does not run its
 * probe) went, from the stacks the watchdog takes while it lasts. Each stack stands
 * for the time since the previous one (the first for the time since the run began),
 * so that a run that spent 150 ms loading classes and then sleeps is judged on its
 * sleep, and reported with the sleep's stack.
 *
 * <p>Watchdog thread only.
 */
final class StallEvidence {

	/** A run is looked at once it has run this fraction of its threshold... */
	static final int SAMPLE_FROM_FRACTION = 4;

	/** ...and then about this many times per threshold (at most once a tick). */
	static final int SAMPLES_PER_THRESHOLD = 20;

	private final long startedAt;

	/** Time up to here has been given to an activity. */
	private long accountedTo;

	private final long[] nanos = new long[Activity.values().length];

	private Activity last;

	private StackTraceElement[] applicationStack;

	private StackTraceElement[] frameworkStack;

	/** Whether this run was the first at its place to run long in framework code. */
	private boolean firstAtPlace;

	/** The thread's CPU time at the last stack, negative before the first or when unmeasured. */
	private long cpuNanos = -1;

	/** When the watchdog last saw the run still going; watchdog thread only. */
	long seenRunningAt;

	/** When the run most likely began: its time is counted from here. */
	private final long from;

	StallEvidence(long startedAt) {
		this(startedAt, startedAt);
	}

	/**
	 * @param startedAt what the run read as its start, which tells it from other runs
	 * @param from when it most likely began (see {@link TaskClock#startOf})
	 */
	StallEvidence(long startedAt, long from) {
		this.startedAt = startedAt;
		this.from = from;
		this.accountedTo = from;
	}

	long startedAt() {
		return this.startedAt;
	}

	/**
	 * When the run most likely began.
	 */
	long from() {
		return this.from;
	}

	/**
	 * When the last stack was taken; the run's start before the first.
	 */
	long lastSampleAt() {
		return this.accountedTo;
	}

	/**
	 * Adds a stack taken at {@code now}: the time since the previous one went to what
	 * it shows. Framework code that was runnable but got little CPU meanwhile (a busy
	 * machine, a garbage collection) was waiting for a CPU, as an idle loop waits for
	 * work: that time is nobody's doing. Framework code blocked in a wait or on a lock
	 * counts.
	 * @param cpuNanos the thread's CPU time when the stack was taken, or a negative number
	 * when the JVM does not measure it
	 * @param runnable whether the thread was runnable (not waiting or blocked) then
	 */
	void sample(long now, StackTraceElement[] stack, Activity activity, long cpuNanos, boolean runnable) {
		long cpuBefore = this.cpuNanos;
		this.cpuNanos = cpuNanos;
		if (activity == Activity.FRAMEWORK && runnable && cpuBefore >= 0 && cpuNanos >= 0
				&& (cpuNanos - cpuBefore) * 2 < now - this.accountedTo) {
			activity = Activity.IDLE;
		}
		account(now, activity);
		this.last = activity;
		if (activity == Activity.APPLICATION) {
			this.applicationStack = stack;
		}
		else if (activity == Activity.FRAMEWORK) {
			this.frameworkStack = stack;
		}
	}

	/**
	 * The run ended at {@code endedAt}: the time since the last stack went to what it showed.
	 */
	void end(long endedAt) {
		if (this.last != null) {
			account(endedAt, this.last);
		}
	}

	private void account(long until, Activity activity) {
		if (until > this.accountedTo) {
			this.nanos[activity.ordinal()] += until - this.accountedTo;
			this.accountedTo = until;
		}
	}

	/**
	 * Whether any stack was taken: without one there is nothing to judge by.
	 */
	boolean isSampled() {
		return this.last != null;
	}

	long nanos(Activity activity) {
		return this.nanos[activity.ordinal()];
	}

	/**
	 * Whether the run is a mistake: the application's own code held the thread past
	 * {@code threshold}, or framework code did at a place where it has run long before
	 * ({@code warmUp} remembers the places; the first run at each is warm-up).
	 */
	boolean isMistake(long threshold, WarmUp warmUp, String place) {
		long application = nanos(Activity.APPLICATION);
		if (application >= threshold) {
			return true;
		}
		if (application + nanos(Activity.FRAMEWORK) < threshold) {
			return false;
		}
		long seenAt = lastSampleAt();
		if (this.firstAtPlace) {
			warmUp.stillFirstRunAt(place, seenAt);
		}
		else if (warmUp.isFirstRunAt(place, this.from, seenAt)) {
			this.firstAtPlace = true;
		}
		return !this.firstAtPlace;
	}

	/**
	 * The stack that says best where the run was held up: the application's when it
	 * held the thread long enough, else the framework's.
	 */
	StackTraceElement[] stack(long threshold) {
		if (this.applicationStack != null
				&& (nanos(Activity.APPLICATION) >= threshold || this.frameworkStack == null)) {
			return this.applicationStack;
		}
		return (this.frameworkStack != null) ? this.frameworkStack : new StackTraceElement[0];
	}

	/**
	 * How long the run spent warming up, as a note for the log.
	 */
	String describe() {
		return "loading classes " + SecondsText.of(nanos(Activity.WARMING_UP)) + " s, framework code "
				+ SecondsText.of(nanos(Activity.FRAMEWORK)) + " s" + (this.firstAtPlace ? " (its first run there)" : "")
				+ ", application code " + SecondsText.of(nanos(Activity.APPLICATION))
				+ " s, waiting for work or a CPU " + SecondsText.of(nanos(Activity.IDLE)) + " s";
	}

}
