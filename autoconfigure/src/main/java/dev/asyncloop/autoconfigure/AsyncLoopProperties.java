package dev.asyncloop.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of asyncloop: a plain bean, bound by Spring Boot. What each value
 * allows is checked while it is bound, by {@link AsyncLoopPropertiesValidator}.
 */
@ConfigurationProperties("asyncloop")
public class AsyncLoopProperties {

	/**
	 * Most findings kept per kind, {@value}. Each holds its stacks, a few kilobytes, and
	 * the journals are allocated up front: this many per kind can take a few hundred
	 * megabytes. The only statement of the limit in code; the failure analysis and the
	 * property table of the docs (kept in step by a test) quote it.
	 */
	public static final int MAX_JOURNAL_SIZE = 10_000;

	/**
	 * Most threads of the debug event loop, {@value}: no machine has more cores, and the
	 * loop starts a thread per task given to it until it has that many. The only
	 * statement of the limit in code; the failure analysis and the property table of the
	 * docs (kept in step by a test) quote it.
	 */
	public static final int MAX_LOOP_THREADS = 256;

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
	 * Whether blocking waits on a tracked future from a non-blocking thread throw an
	 * AsyncLoopViolationException (for tests).
	 */
	private boolean strict;

	/**
	 * A task running longer than this on a non-blocking thread is a slow callback.
	 */
	private Duration slowCallbackDuration = Duration.ofMillis(100);

	/**
	 * Findings kept per kind (oldest dropped first).
	 */
	private int journalSize = 256;

	/**
	 * How often findings from one place are logged; repeats in between are counted.
	 */
	private Duration logInterval = Duration.ofSeconds(10);

	/**
	 * Whether slow callbacks and stalls go unreported while a debugger agent
	 * (-agentlib:jdwp) is present.
	 */
	private boolean suppressWhenDebugging = true;

	/**
	 * How long after the application is ready (and while it starts) slow callbacks,
	 * stalls and JFR-detected blocking calls are taken for warm-up and not reported.
	 */
	private Duration startupGrace = Duration.ZERO;

	private final Loop loop = new Loop();

	private final Worker worker = new Worker();

	private final Executors executors = new Executors();

	private final Reactor reactor = new Reactor();

	private final NeverAwaited neverAwaited = new NeverAwaited();

	private final Health health = new Health();

	private final Blocking blocking = new Blocking();

	private final Jfr jfr = new Jfr();

	private final Dashboard dashboard = new Dashboard();

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

	public Executors getExecutors() {
		return this.executors;
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
	 * The debug event loop, the application's task scheduler.
	 */
	public static class Loop {

		/**
		 * Threads of the debug event loop (the taskScheduler); when not set, those of
		 * spring.task.scheduling.pool.size.
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
	 * The application's own executor beans.
	 */
	public static class Executors {

		/**
		 * Whether the application's executor beans, other than asyncloop's loop and
		 * worker, are instrumented.
		 */
		private boolean instrument = true;

		/**
		 * Names of executor beans left as they are, not instrumented.
		 */
		private List<String> exclude = new ArrayList<>();

		public boolean isInstrument() {
			return this.instrument;
		}

		public void setInstrument(boolean instrument) {
			this.instrument = instrument;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
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
		 * Where Schedulers.parallel() runs: instrument keeps Reactor's threads, loop uses
		 * the debug event loop's.
		 */
		private SchedulerRouting schedulers = SchedulerRouting.INSTRUMENT;

		/**
		 * Whether debug mode checks sinks and hand-written publishers for signals raced
		 * from two threads (Reactor's sink classes instrumented at runtime).
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
		 * Whether blocking calls on non-blocking threads are detected (debug mode only).
		 */
		private boolean enabled = true;

		/**
		 * How blocking calls are detected: jfr (no agent, no JVM flag) or blockhound (needs
		 * BlockHound and -XX:+AllowRedefinitionToAddDeleteMethods).
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
		 * How long an event loop may be stuck before the health component reports it
		 * stalled.
		 */
		private Duration stallDuration = Duration.ofSeconds(10);

		/**
		 * Whether a stalled event loop makes the health component DOWN.
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
		 * Whether the live monitor page is served (it needs the asyncloop endpoint exposed
		 * over HTTP).
		 */
		private boolean enabled;

		/**
		 * Path of the monitor page, relative to the context path (or to the management
		 * server's base path).
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
		 * Whether findings are also emitted as JFR events.
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
		 * until subscribed or composed (debug mode only).
		 */
		private boolean enabled = true;

		/**
		 * Packages of the application's code, whose publishers are watched; when empty,
		 * those of the @SpringBootApplication class.
		 */
		private List<String> packages = new ArrayList<>();

		/**
		 * Whether what Spring Data repositories return is watched too.
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
		 * How long a failed task's exception may stay unobserved before it is reported.
		 */
		private Duration grace = Duration.ofSeconds(1);

		/**
		 * Whether, in debug mode, every CompletableFuture and FutureTask of the JVM is
		 * watched (the JDK's future classes instrumented at runtime).
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
		 * Whether the reports of Netty's buffer leak detector become findings.
		 */
		private boolean bufferLeaks = true;

		/**
		 * How long a client connection may be held sending a request, no bytes flowing,
		 * before it is reported.
		 */
		private Duration heldConnectionDuration = Duration.ofSeconds(30);

		/**
		 * How long a task may wait in an executor's queue, or an acquire for a pooled
		 * connection, before the pool is reported starved.
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
