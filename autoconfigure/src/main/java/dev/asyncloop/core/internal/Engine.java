package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.FindingListener;
import dev.asyncloop.core.RuntimeSettings;

/**
 * asyncloop's engine for one application, and the integrations' way into it: its
 * settings, the executors it monitors, the thread slots their tasks run in, the
 * watchdog, and the findings. Plain JDK: the Spring and Reactor integrations feed it
 * and read it; users see it as {@link AsyncLoopEngine}.
 */
public final class Engine implements AsyncLoopEngine, AutoCloseable {

	private final RuntimeSettings settings;

	private final ExecutorDirectory directory;

	private final Findings findings;

	private final TaskTracking tracking;

	private final Watchdog watchdog;

	private final NeverAwaitedWatch neverAwaited;

	private final FindingLog findingLog;

	/**
	 * Asks for a collection when a dropped publisher or an unobserved failure has waited
	 * this long for one: reported within seconds of the mistake, not at the
	 * application's next collection.
	 */
	private final CollectionNudge collectionNudge = new CollectionNudge(COLLECTION_NUDGE_DELAY.toNanos());

	private final Snapshots snapshots;

	private final ApplicationCode applicationCode;

	private final System.Logger logger;

	private final Transports transports = new Transports();

	private final List<Consumer<Duration>> settlers = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	/** How long closing waits for listeners to be given what waits for them. */
	private static final Duration LISTENERS_AT_CLOSE = Duration.ofSeconds(2);

	private static final Duration COLLECTION_NUDGE_DELAY = Duration.ofSeconds(5);

	public Engine(EngineOptions options) {
		this.settings = new RuntimeSettings(options.debug(), options.slowCallbackDuration());
		this.applicationCode = options.applicationCode();
		this.logger = options.loggers().logger("dev.asyncloop.AsyncLoop");
		InternalErrors errors = new InternalErrors(this.logger);
		this.directory = new ExecutorDirectory(this.settings);
		ThreadSlots threads = new ThreadSlots(this.directory);
		this.findings = new Findings(options.journalSize(), errors, new WarmUp(this.applicationCode, options.loggers()),
				this.logger);
		this.findingLog = new FindingLog(options.logInterval(), this.directory::kindOf, this.applicationCode,
				options.loggers());
		this.findings.addInlineListener(this.findingLog);
		FailureWatch failures = new FailureWatch(this.findings, this.applicationCode, options.unretrievedGrace());
		this.tracking = new TaskTracking(this.settings, threads, this.applicationCode, errors, failures,
				new BlockingWaits(threads, this.settings, this.findings, errors), this.findings.traces());
		this.watchdog = new Watchdog(this.tracking, this.directory, this.findings, this.applicationCode);
		this.neverAwaited = new NeverAwaitedWatch(this.findings);
		this.snapshots = new Snapshots(this.directory, threads, this.findings, this.applicationCode);
		this.watchdog.addCheck(failures);
		this.watchdog.addCheck(this.neverAwaited);
		this.collectionNudge.add(this.neverAwaited);
		this.watchdog.addCheck(this.collectionNudge);
		this.watchdog.addCheck(this.findingLog);
		this.watchdog.addCheck(new HeldConnections(this.transports, this.findings, options.heldConnectionDuration()));
		this.watchdog.addCheck(new StarvedPools(this.directory, this.snapshots, this.transports, this.findings,
				options.starvedPoolDuration()));
	}

	/**
	 * Starts the watchdog thread.
	 */
	public void start() {
		if (this.closed) {
			throw new IllegalStateException("The engine is closed");
		}
		this.watchdog.start();
	}

	/**
	 * Stops the watchdog and forgets every executor and thread. Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.watchdog.stop();
		this.collectionNudge.close();
		this.neverAwaited.reportUnsubscribed();
		this.transports.logUnclosed(this.logger);
		this.tracking.failures().run();
		this.findingLog.logLeftOut(true);
		this.findings.closeListeners(System.nanoTime() + LISTENERS_AT_CLOSE.toNanos());
		this.tracking.threads().clear();
		this.directory.clear();
	}

	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean isWatching() {
		return this.watchdog.isAlive();
	}

	@Override
	public RuntimeSettings settings() {
		return this.settings;
	}

	/**
	 * The executors monitored, and the resolvers that assign threads to them.
	 */
	public ExecutorDirectory directory() {
		return this.directory;
	}

	/**
	 * What tracked tasks report to: the thread slots, and so the task running on each
	 * thread; internal errors; failures and blocking waits.
	 */
	public TaskTracking tracking() {
		return this.tracking;
	}

	/**
	 * Which frames are the application's, to name tasks and trim creation stacks.
	 */
	public ApplicationCode applicationCode() {
		return this.applicationCode;
	}

	public Findings findings() {
		return this.findings;
	}

	@Override
	public List<Finding> recentFindings(FindingKind kind) {
		return this.findings.list(kind);
	}

	@Override
	public void addListener(FindingListener listener) {
		this.findings.addListener(listener);
	}

	@Override
	public void removeListener(FindingListener listener) {
		this.findings.removeListener(listener);
	}

	/**
	 * Failed tasks whose exception nobody has observed yet.
	 */
	public FailureWatch failures() {
		return this.tracking.failures();
	}

	/**
	 * Publishers that were handed out and may never be subscribed.
	 */
	public NeverAwaitedWatch neverAwaited() {
		return this.neverAwaited;
	}

	/**
	 * What asks for a garbage collection when a finding waits for one; integrations
	 * that learn of mistakes by collection add what they watch.
	 */
	public CollectionNudge collectionNudge() {
		return this.collectionNudge;
	}

	/**
	 * The live transports: open connections and client connection pools.
	 */
	public Transports transports() {
		return this.transports;
	}

	/**
	 * Opens a window on the findings from now on, for example for one test.
	 */
	public FindingWindow openWindow() {
		return new FindingWindow(this);
	}

	/**
	 * Adds a detector that reports late (a JFR stream delivers events in batches):
	 * {@code settler} returns once everything that happened before its call has been
	 * reported, waiting at most the duration it is given.
	 */
	public void addSettler(Consumer<Duration> settler) {
		this.settlers.add(settler);
	}

	public void removeSettler(Consumer<Duration> settler) {
		this.settlers.remove(settler);
	}

	/**
	 * Lets pending detection catch up: the watchdog takes a full look, every settler
	 * delivers what it has, and every finding listener is given what was found, each
	 * waiting at most {@code timeout}.
	 */
	@Override
	public void settle(Duration timeout) {
		this.watchdog.awaitFullLook(timeout.toNanos());
		for (Consumer<Duration> settler : this.settlers) {
			try {
				settler.accept(timeout);
			}
			catch (Throwable ex) {
				this.tracking.errors().report("waiting for a detector to catch up", ex);
			}
		}
		this.findings.awaitListeners(System.nanoTime() + timeout.toNanos());
	}

	/**
	 * Runs {@code check} on the watchdog thread at every tick (every few milliseconds);
	 * for detectors that poll, such as event-loop probes. Keep it short.
	 */
	@Override
	public void addWatchdogCheck(Runnable check) {
		this.watchdog.addCheck(check);
	}

	@Override
	public void removeWatchdogCheck(Runnable check) {
		this.watchdog.removeCheck(check);
	}

	/**
	 * The state of every monitored executor, in the order they were registered; the
	 * caller's own running task is not counted.
	 */
	@Override
	public List<ExecutorSnapshot> executors() {
		return this.snapshots.executors();
	}

	/**
	 * Every live task: running ones from the thread slots, queued and scheduled ones
	 * from the executors' queues. Newest first. The caller's own task (the request
	 * asking for this list) is left out.
	 * @param withStacks whether to take the stack of each running task
	 */
	public List<LiveTask> liveTasks(boolean withStacks) {
		return this.snapshots.liveTasks(withStacks);
	}

	/**
	 * The live tasks, with how many queued tasks per executor were not listed (at
	 * most a thousand are listed per executor, and a scheduler's queue too large to be
	 * read without copying it shows only the task due first).
	 * @param withStacks whether to take the stack of each running task
	 */
	public Snapshots.TaskListing taskListing(boolean withStacks) {
		return this.snapshots.listing(withStacks);
	}

	/**
	 * A log of the tasks {@code executor}'s shutdowns drop while still pending, for the
	 * integration that shuts it down.
	 */
	public PendingTaskLog pendingTaskLog(ExecutorMonitor executor) {
		return new PendingTaskLog(executor, this.logger, this.applicationCode, this.tracking.errors());
	}

}
