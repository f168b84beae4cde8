package dev.asyncloop.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

import dev.asyncloop.core.internal.DurationLimits;

/**
 * Configuration of asyncloop.
 */
@ConfigurationProperties("asyncloop")
public class AsyncLoopProperties {

	/**
	 * Most findings kept per kind. Each finding holds its stacks, a few kilobytes, and a
	 * report lists every finding of its kind in one response: 10,000 per kind can take a
	 * few hundred megabytes once full, and a value near Integer.MAX_VALUE fails with an
	 * OutOfMemoryError before the application starts (the journals are allocated up front).
	 */
	static final int MAX_JOURNAL_SIZE = 10_000;

	/**
	 * Most threads of the debug event loop. An event loop needs no more threads than
	 * the machine has cores, and 256 covers the largest; more is a typo, and the loop
	 * would start a thread for each task given to it until it has that many.
	 */
	static final int MAX_LOOP_THREADS = 256;

	/** Whole-number properties and what they allow, in the words of a failure analysis. */
	private static final Map<String, Range> RANGES = Map.of("asyncloop.journal-size",
			new Range(1, MAX_JOURNAL_SIZE, 256), "asyncloop.loop.threads", new Range(1, MAX_LOOP_THREADS, 4));

	/**
	 * Whether asyncloop installs anything at all.
	 */
	private boolean enabled = true;

	/**
	 * Whether the expensive checks run: creation stacks, never-awaited tracking,
	 * blocking-call detection.
	 */
	private boolean debug;

	/**
	 * Whether mistakes that can be caught as they happen throw there, instead of only
	 * being reported: blocking waits on a tracked future from a non-blocking thread
	 * throw an AsyncLoopViolationException. For tests.
	 */
	private boolean strict;

	/**
	 * A task running longer than this on a non-blocking thread is a slow callback.
	 */
	private Duration slowCallbackDuration = Duration.ofMillis(100);

	/**
	 * Findings kept per kind (oldest dropped first), from 1 to 10000.
	 */
	private int journalSize = 256;

	/**
	 * How often findings from one place are logged; repeats in between are counted.
	 */
	private Duration logInterval = Duration.ofSeconds(10);

	private final Loop loop = new Loop();

	private final Worker worker = new Worker();

	private final Reactor reactor = new Reactor();

	private final NeverAwaited neverAwaited = new NeverAwaited();

	private final Health health = new Health();

	private final Blocking blocking = new Blocking();

	private final Jfr jfr = new Jfr();

	private final Dashboard dashboard = new Dashboard();

	/**
	 * Whether slow callbacks and stalls go unreported while the JVM runs with a debugger
	 * agent (-agentlib:jdwp): a thread held at a breakpoint looks stuck.
	 */
	private boolean suppressWhenDebugging = true;

	/**
	 * How long after startup (from the start of the context until this long after the
	 * application is ready) slow callbacks, event-loop stalls and blocking calls seen by
	 * the JFR detector are taken for warm-up and not reported. Zero reports everything.
	 */
	private Duration startupGrace = Duration.ZERO;

	private final UnretrievedExceptions unretrievedExceptions = new UnretrievedExceptions();

	private final Resources resources = new Resources();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isDebug() {
		return this.debug;
	}

	public void setDebug(boolean debug) {
		this.debug = debug;
	}

	public boolean isStrict() {
		return this.strict;
	}

	public void setStrict(boolean strict) {
		this.strict = strict;
	}

	public Duration getSlowCallbackDuration() {
		return this.slowCallbackDuration;
	}

	public void setSlowCallbackDuration(Duration slowCallbackDuration) {
		this.slowCallbackDuration = slowCallbackDuration;
	}

	public int getJournalSize() {
		return this.journalSize;
	}

	public void setJournalSize(int journalSize) {
		this.journalSize = journalSize;
	}

	public Duration getLogInterval() {
		return this.logInterval;
	}

	public void setLogInterval(Duration logInterval) {
		this.logInterval = logInterval;
	}

	public Loop getLoop() {
		return this.loop;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Reactor getReactor() {
		return this.reactor;
	}

	public NeverAwaited getNeverAwaited() {
		return this.neverAwaited;
	}

	public Health getHealth() {
		return this.health;
	}

	public Blocking getBlocking() {
		return this.blocking;
	}

	public Jfr getJfr() {
		return this.jfr;
	}

	public Dashboard getDashboard() {
		return this.dashboard;
	}

	public boolean isSuppressWhenDebugging() {
		return this.suppressWhenDebugging;
	}

	public void setSuppressWhenDebugging(boolean suppressWhenDebugging) {
		this.suppressWhenDebugging = suppressWhenDebugging;
	}

	public Duration getStartupGrace() {
		return this.startupGrace;
	}

	public void setStartupGrace(Duration startupGrace) {
		this.startupGrace = startupGrace;
	}

	public Resources getResources() {
		return this.resources;
	}

	public UnretrievedExceptions getUnretrievedExceptions() {
		return this.unretrievedExceptions;
	}

	/**
	 * Binds the properties of {@code environment} and checks every value, quoting bad
	 * ones as the user wrote them. Stricter than binding alone: a boolean must be
	 * {@code true} or {@code false}, because Spring's conditions read any other value
	 * ({@code on}, {@code yes}, {@code maybe}) as false, while binding reads some of them
	 * as true and fails on the others, naming no allowed values.
	 * @throws InvalidAsyncLoopPropertyException naming the first bad property
	 */
	static AsyncLoopProperties bind(Environment environment) {
		Binder binder = Binder.get(environment);
		AsyncLoopProperties properties;
		try {
			properties = binder.bind("asyncloop", Bindable.of(AsyncLoopProperties.class), new StrictBindHandler())
				.orElseGet(AsyncLoopProperties::new);
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof InvalidAsyncLoopPropertyException invalid) {
				throw invalid;
			}
			throw ex;
		}
		properties.validate((property) -> binder.bind(property, String.class).orElse(null));
		return properties;
	}

	/**
	 * Checks the text of a boolean property, which {@link #bind} does for all of them.
	 * @throws InvalidAsyncLoopPropertyException unless it is {@code true} or {@code false}
	 */
	static void requireBoolean(String property, Object written) {
		if (written instanceof String text && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
			throw new InvalidAsyncLoopPropertyException(property, text, "true or false");
		}
	}

	/**
	 * Checks every value, so that nothing starts half-configured.
	 * @param written the value of a property as the user wrote it, if known, to quote it back
	 * @throws InvalidAsyncLoopPropertyException naming the first bad property
	 */
	public void validate(Function<String, String> written) {
		requirePositive("asyncloop.slow-callback-duration", this.slowCallbackDuration, written);
		requirePositive("asyncloop.log-interval", this.logInterval, written);
		requirePositive("asyncloop.worker.long-task-duration", this.worker.longTaskDuration, written);
		requirePositive("asyncloop.unretrieved-exceptions.grace", this.unretrievedExceptions.grace, written);
		requirePositive("asyncloop.health.stall-duration", this.health.stallDuration, written);
		requirePositive("asyncloop.blocking.threshold", this.blocking.threshold, written);
		requirePositive("asyncloop.resources.held-connection-duration", this.resources.heldConnectionDuration,
				written);
		requirePositive("asyncloop.resources.starved-pool-duration", this.resources.starvedPoolDuration, written);
		requireInRange("asyncloop.journal-size", this.journalSize, written);
		if (this.loop.threads != null) {
			requireInRange("asyncloop.loop.threads", this.loop.threads, written);
		}
		requirePagePath("asyncloop.dashboard.path", this.dashboard.path, written);
		if (this.startupGrace == null || this.startupGrace.isNegative() || DurationLimits.isTooLong(this.startupGrace)) {
			throw new InvalidAsyncLoopPropertyException("asyncloop.startup-grace",
					quote("asyncloop.startup-grace", DurationText.of(this.startupGrace), written),
					"a duration of zero or more and at most " + DurationLimits.MAX_TEXT + ", such as 0s or 30s");
		}
	}

	private static void requirePagePath(String property, String value, Function<String, String> written) {
		if (value == null || !value.matches("(/[A-Za-z0-9._~-]+)+")) {
			throw new InvalidAsyncLoopPropertyException(property, quote(property, String.valueOf(value), written),
					"a path of one or more segments of letters, digits, '.', '_', '~' or '-', "
							+ "starting with '/' and not ending with one, such as /asyncloop");
		}
	}

	private static void requirePositive(String property, Duration value, Function<String, String> written) {
		if (value == null || value.isZero() || value.isNegative() || DurationLimits.isTooLong(value)) {
			throw new InvalidAsyncLoopPropertyException(property, quote(property, DurationText.of(value), written),
					"a positive duration of at most " + DurationLimits.MAX_TEXT + ", such as 100ms or 2s");
		}
	}

	private static void requireInRange(String property, int value, Function<String, String> written) {
		Range range = RANGES.get(property);
		if (value < range.min() || value > range.max()) {
			throw new InvalidAsyncLoopPropertyException(property, quote(property, String.valueOf(value), written),
					range.allowed());
		}
	}

	private static String quote(String property, String bound, Function<String, String> written) {
		String text = written.apply(property);
		return (text != null) ? text : bound;
	}

	/**
	 * The values a whole-number property allows.
	 */
	private record Range(int min, int max, int example) {

		String allowed() {
			return "a whole number from " + this.min + " to " + this.max + ", such as " + this.example;
		}

	}

	/**
	 * Binding as {@link #bind} describes it: every boolean's text checked, and a value
	 * that does not convert to a boolean or a whole number reported with what is allowed.
	 */
	private static final class StrictBindHandler implements BindHandler {

		@Override
		public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			if (isBoolean(target) && context.getConfigurationProperty() != null) {
				requireBoolean(name.toString(), context.getConfigurationProperty().getValue());
			}
			return result;
		}

		@Override
		public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Exception error) throws Exception {
			if (error instanceof BindException || context.getConfigurationProperty() == null) {
				throw error; // already reported by the property that failed, or not a property's value
			}
			Object written = context.getConfigurationProperty().getValue();
			if (isBoolean(target)) {
				requireBoolean(name.toString(), written);
			}
			Range range = RANGES.get(name.toString());
			if (range != null) {
				throw new InvalidAsyncLoopPropertyException(name.toString(), written, range.allowed());
			}
			throw error;
		}

		private static boolean isBoolean(Bindable<?> target) {
			Class<?> type = target.getType().resolve();
			return type == boolean.class || type == Boolean.class;
		}

	}

	/**
	 * The debug event loop, the application's task scheduler.
	 */
	public static class Loop {

		/**
		 * Threads of the debug event loop (the taskScheduler), from 1 to 256. Defaults
		 * to spring.task.scheduling.pool.size, which defaults to 1.
		 */
		private Integer threads;

		public Integer getThreads() {
			return this.threads;
		}

		public void setThreads(Integer threads) {
			this.threads = threads;
		}

	}

	/**
	 * The worker executor, the applicationTaskExecutor, where blocking is allowed.
	 */
	public static class Worker {

		/**
		 * A task on the worker executor running longer than this is reported.
		 */
		private Duration longTaskDuration = Duration.ofSeconds(10);

		public Duration getLongTaskDuration() {
			return this.longTaskDuration;
		}

		public void setLongTaskDuration(Duration longTaskDuration) {
			this.longTaskDuration = longTaskDuration;
		}

	}

	/**
	 * The bridge to Reactor's schedulers.
	 */
	public static class Reactor {

		/**
		 * Whether Reactor scheduler work is bridged to the loop's instrumentation.
		 */
		private boolean enabled = true;

		/**
		 * Where Schedulers.parallel() runs: on Reactor's own threads, instrumented, or on
		 * the debug event loop's threads.
		 */
		private SchedulerRouting schedulers = SchedulerRouting.INSTRUMENT;

		/**
		 * Whether debug mode checks sinks and hand-written publishers for signals raced
		 * from two threads; Reactor's sink classes are instrumented at runtime (the JVM
		 * attaches an agent to itself) while debug mode is on.
		 */
		private boolean threadSafety = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public SchedulerRouting getSchedulers() {
			return this.schedulers;
		}

		public void setSchedulers(SchedulerRouting schedulers) {
			this.schedulers = schedulers;
		}

		public boolean isThreadSafety() {
			return this.threadSafety;
		}

		public void setThreadSafety(boolean threadSafety) {
			this.threadSafety = threadSafety;
		}

	}

	/**
	 * Detection of blocking calls on non-blocking threads.
	 */
	public static class Blocking {

		/**
		 * Whether blocking calls on non-blocking threads are detected. Only in debug mode.
		 */
		private boolean enabled = true;

		/**
		 * How blocking calls are detected: jfr (the JDK's Flight Recorder events, no agent
		 * and no JVM flag) or blockhound (needs BlockHound on the class path and
		 * -XX:+AllowRedefinitionToAddDeleteMethods).
		 */
		private Detector detector = Detector.JFR;

		/**
		 * Blocking calls shorter than this are not reported.
		 */
		private Duration threshold = Duration.ofMillis(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Detector getDetector() {
			return this.detector;
		}

		public void setDetector(Detector detector) {
			this.detector = detector;
		}

		public Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Duration threshold) {
			this.threshold = threshold;
		}

		/**
		 * How blocking calls are detected.
		 */
		public enum Detector {

			/**
			 * The JDK Flight Recorder's events, streamed; no agent, no JVM flag.
			 */
			JFR,

			/**
			 * BlockHound's instrumentation; synchronous, needs its JVM flag.
			 */
			BLOCKHOUND

		}

	}

	/**
	 * The asyncloop health component.
	 */
	public static class Health {

		/**
		 * How long an event loop may be stuck on one task, or without running its probe,
		 * before the health component reports it stalled.
		 */
		private Duration stallDuration = Duration.ofSeconds(10);

		/**
		 * Whether a stalled event loop makes the health component DOWN; otherwise it is
		 * only shown in the details.
		 */
		private boolean downOnStall = true;

		public Duration getStallDuration() {
			return this.stallDuration;
		}

		public void setStallDuration(Duration stallDuration) {
			this.stallDuration = stallDuration;
		}

		public boolean isDownOnStall() {
			return this.downOnStall;
		}

		public void setDownOnStall(boolean downOnStall) {
			this.downOnStall = downOnStall;
		}

	}

	/**
	 * The live loop monitor page.
	 */
	public static class Dashboard {

		/**
		 * Whether the live monitor page is served (on the management server when one is
		 * configured). It shows what the asyncloop endpoint shows, so the endpoint must be
		 * exposed over HTTP.
		 */
		private boolean enabled;

		/**
		 * Path of the monitor page, relative to the server's context path (or to the
		 * management server's base path).
		 */
		private String path = "/asyncloop";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Findings as JDK Flight Recorder events.
	 */
	public static class Jfr {

		/**
		 * Whether each finding is also emitted as a JFR event (dev.asyncloop.SlowCallback,
		 * ...); free while no recording runs.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Publishers the application assembles, or its beans return, and never subscribes.
	 */
	public static class NeverAwaited {

		/**
		 * Whether publishers the application assembles or its beans return are watched
		 * until subscribed or composed. Only while debug mode is on; bean methods are
		 * proxied only if it is on at startup.
		 */
		private boolean enabled = true;

		/**
		 * Packages of the application's code: publishers assembled there and returned by
		 * its beans are watched. Defaults to the application's packages (those of
		 * @SpringBootApplication).
		 */
		private List<String> packages = new ArrayList<>();

		/**
		 * Whether Spring Data repositories are watched too.
		 */
		private boolean repositories = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getPackages() {
			return this.packages;
		}

		public void setPackages(List<String> packages) {
			this.packages = packages;
		}

		public boolean isRepositories() {
			return this.repositories;
		}

		public void setRepositories(boolean repositories) {
			this.repositories = repositories;
		}

	}

	/**
	 * Failed tasks whose exception nobody observed (ghost tasks).
	 */
	public static class UnretrievedExceptions {

		/**
		 * How long after a task failed its exception may stay unobserved before it is
		 * reported; observing it later marks the report retrievedLater.
		 */
		private Duration grace = Duration.ofSeconds(1);

		/**
		 * Whether, in debug mode, every CompletableFuture and FutureTask of the JVM is
		 * watched, wherever it was made, and reported when it is garbage collected with an
		 * exception nobody looked at. The JDK's future classes are instrumented at runtime
		 * (the JVM attaches an agent to itself) while debug mode is on.
		 */
		private boolean allFutures = true;

		public Duration getGrace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;
		}

		public boolean isAllFutures() {
			return this.allFutures;
		}

		public void setAllFutures(boolean allFutures) {
			this.allFutures = allFutures;
		}

	}

	/**
	 * Resources the application takes and must give back: buffers, connections.
	 */
	public static class Resources {

		/**
		 * Whether the reports of Netty's buffer leak detector become findings; in debug
		 * mode Netty's detection level is raised to advanced unless it was set.
		 */
		private boolean bufferLeaks = true;

		/**
		 * How long a client connection may be held sending a request while no bytes flow
		 * before it is reported.
		 */
		private Duration heldConnectionDuration = Duration.ofSeconds(30);

		/**
		 * How long a task may wait in an executor's queue, or an acquire for a pooled
		 * client connection, before the pool is reported starved.
		 */
		private Duration starvedPoolDuration = Duration.ofSeconds(5);

		public Duration getStarvedPoolDuration() {
			return this.starvedPoolDuration;
		}

		public void setStarvedPoolDuration(Duration starvedPoolDuration) {
			this.starvedPoolDuration = starvedPoolDuration;
		}

		public Duration getHeldConnectionDuration() {
			return this.heldConnectionDuration;
		}

		public void setHeldConnectionDuration(Duration heldConnectionDuration) {
			this.heldConnectionDuration = heldConnectionDuration;
		}

		public boolean isBufferLeaks() {
			return this.bufferLeaks;
		}

		public void setBufferLeaks(boolean bufferLeaks) {
			this.bufferLeaks = bufferLeaks;
		}

	}

	/**
	 * Where Reactor's parallel scheduler runs.
	 */
	public enum SchedulerRouting {

		/**
		 * Keep Reactor's schedulers and their threads; instrument every task on them.
		 */
		INSTRUMENT,

		/**
		 * Run Schedulers.parallel() on the debug event loop's threads, so that Reactor's
		 * parallel work and scheduled tasks share one event loop.
		 */
		LOOP

	}

}
