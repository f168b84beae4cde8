package dev.asyncloop.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * asyncloop's engine for one application: the live-task registry, the watchdog, the
 * findings and the settings that can change at runtime. Plain JDK: the Spring and
 * Reactor integrations feed it and read it.
 */
public final class AsyncLoopEngine implements AutoCloseable {

	/** Queued tasks listed per executor in a snapshot; counts stay exact beyond it. */
	private static final int MAX_LISTED_PER_EXECUTOR = 1000;

	/** Queued tasks named one by one in the log of a shutdown. */
	static final int LISTED_PENDING = 20;

	private final AtomicInteger pendingListed = new AtomicInteger();

	private final AtomicInteger pendingUnlisted = new AtomicInteger();

	private final TaskRegistry registry;

	private final Findings findings;

	private final Watchdog watchdog;

	private final FailureWatch failures;

	private final NeverAwaitedWatch neverAwaited;

	private final BlockingWaits blockingWaits;

	private final List<java.util.function.Consumer<Duration>> settlers = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final System.Logger logger;

	private volatile boolean closed;

	public AsyncLoopEngine(Options options) {
		DurationLimits.requirePositive("slowCallbackDuration", options.slowCallbackDuration());
		DurationLimits.requirePositive("logInterval", options.logInterval());
		this.logger = options.loggers().logger("dev.asyncloop.AsyncLoop");
		this.registry = new TaskRegistry(options.debug(), options.slowCallbackDuration(), this.logger,
				options.applicationCode());
		this.findings = new Findings(options.journalSize(), this.registry,
				new WarmUp(options.applicationCode(), options.loggers()));
		this.watchdog = new Watchdog(this.registry, this.findings);
		this.findings.addListener(new FindingLog(options.logInterval(), this::kindOf, options.applicationCode(),
				options.loggers()));
		this.failures = new FailureWatch(this.findings, options.applicationCode(), options.unretrievedGrace());
		this.neverAwaited = new NeverAwaitedWatch(this.findings);
		this.blockingWaits = new BlockingWaits(this.registry, this.findings);
		this.registry.attach(this.failures, this.blockingWaits);
		this.watchdog.addCheck(this.failures);
		this.watchdog.addCheck(this.neverAwaited);
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
		this.neverAwaited.reportUnsubscribed();
		this.failures.run();
		this.registry.clear();
	}

	public boolean isClosed() {
		return this.closed;
	}

	public boolean isWatching() {
		return this.watchdog.isAlive();
	}

	public TaskRegistry registry() {
		return this.registry;
	}

	public Findings findings() {
		return this.findings;
	}

	/**
	 * Failed tasks whose exception nobody has observed yet.
	 */
	public FailureWatch failures() {
		return this.failures;
	}

	/**
	 * Publishers that were handed out and may never be subscribed.
	 */
	public NeverAwaitedWatch neverAwaited() {
		return this.neverAwaited;
	}

	/**
	 * Blocking waits on non-blocking threads.
	 */
	public BlockingWaits blockingWaits() {
		return this.blockingWaits;
	}

	// Settings that may change at runtime

	public boolean isDebug() {
		return this.registry.isDebug();
	}

	public void setDebug(boolean debug) {
		this.registry.setDebug(debug);
	}

	public Duration slowCallbackDuration() {
		return Duration.ofNanos(this.registry.slowCallbackNanos());
	}

	public void setSlowCallbackDuration(Duration duration) {
		this.registry.setSlowCallbackNanos(DurationLimits.requirePositive("slowCallbackDuration", duration).toNanos());
	}

	/**
	 * Registers an executor to monitor.
	 * @param name its report name, unique in this engine
	 * @param kind whether it may block
	 * @param longTaskDuration the threshold of a blocking executor (ignored for non-blocking ones,
	 * which use the slow-callback duration)
	 * @param probe what the executor tells about its threads and queue
	 */
	public ExecutorMonitor registerExecutor(String name, ExecutorKind kind, Duration longTaskDuration,
			QueueView probe) {
		return this.registry.register(name, kind, longTaskDuration, probe);
	}

	/**
	 * Whether slow callbacks and stalls are suppressed now: while a debugger may hold
	 * threads at breakpoints, or in the startup grace period.
	 */
	public boolean isTimingSuppressed() {
		return this.registry.isTimingSuppressed();
	}

	/**
	 * Suppresses slow callbacks and stalls for as long as {@code suppressed} is set, as
	 * while a debugger may hold threads at breakpoints.
	 */
	public void setTimingSuppressed(boolean suppressed) {
		this.registry.setTimingSuppressed(suppressed);
	}

	/**
	 * Opens (or extends) a startup grace period of {@code grace} from now: slow
	 * callbacks, event-loop stalls and blocking calls seen by the JFR detector in it are
	 * warm-up (class loading, JIT compilation, connection pools filling) and are not
	 * reported. Never shortens a period already open; zero does nothing.
	 */
	public void extendStartupGrace(Duration grace) {
		this.registry.extendStartupGrace(grace);
	}

	/**
	 * Whether something that happened at {@code time} falls in the startup grace period.
	 */
	public boolean isInStartupGrace(Instant time) {
		return this.registry.inStartupGrace(time);
	}

	/**
	 * Whether blocking waits on non-blocking threads throw an
	 * {@link AsyncLoopViolationException} where they are made instead of only being
	 * reported.
	 */
	public boolean isStrict() {
		return this.registry.isStrict();
	}

	public void setStrict(boolean strict) {
		this.registry.setStrict(strict);
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
	public void addSettler(java.util.function.Consumer<Duration> settler) {
		this.settlers.add(settler);
	}

	public void removeSettler(java.util.function.Consumer<Duration> settler) {
		this.settlers.remove(settler);
	}

	/**
	 * Lets pending detection catch up: the watchdog takes a full look and every
	 * settler delivers what it has, each waiting at most {@code timeout}.
	 */
	public void settle(Duration timeout) {
		this.watchdog.awaitFullLook(timeout.toNanos());
		for (java.util.function.Consumer<Duration> settler : this.settlers) {
			try {
				settler.accept(timeout);
			}
			catch (Throwable ex) {
				this.registry.internalError("waiting for a detector to catch up", ex);
			}
		}
	}

	/**
	 * Runs {@code check} on the watchdog thread at every tick (every few milliseconds);
	 * for detectors that poll, such as event-loop probes. Keep it short.
	 */
	public void addWatchdogCheck(Runnable check) {
		this.watchdog.addCheck(check);
	}

	public void removeWatchdogCheck(Runnable check) {
		this.watchdog.removeCheck(check);
	}

	/**
	 * The state of every monitored executor, in the order they were registered; the
	 * caller's own running task is not counted.
	 */
	public List<ExecutorSnapshot> executors() {
		List<ExecutorSnapshot> snapshots = new ArrayList<>();
		long now = System.nanoTime();
		Thread caller = Thread.currentThread();
		for (ExecutorMonitor executor : this.registry.executors()) {
			int running = 0;
			int threadsSeen = 0;
			long longest = (executor.stalledSince() != 0) ? now - executor.stalledSince() : 0;
			for (ThreadSlot slot : this.registry.slots()) {
				TrackedTask task = slot.running();
				// The caller's own task (the request asking) is left out, as from the live tasks.
				if (task != null && task.executor() == executor && slot.thread() != caller) {
					running++;
					longest = Math.max(longest, now - task.startedAt());
				}
				if (slot.knownExecutor() == executor && slot.thread().isAlive()) {
					threadsSeen++;
				}
			}
			QueueView probe = executor.queueView();
			int threads = (probe.threads() >= 0) ? probe.threads() : threadsSeen;
			snapshots.add(new ExecutorSnapshot(executor.name(), executor.kind(), threads, probe.queued(), running,
					executor.stats(), this.findings.slowCallbacks(executor.name()), executor.threshold(),
					executor.recentLag(), Duration.ofNanos(Math.max(0, longest))));
		}
		return snapshots;
	}

	/**
	 * Every live task: running ones from the thread slots, queued and scheduled ones
	 * from the executors' queues. Newest first. The caller's own task (the request
	 * asking for this list) is left out.
	 * @param withStacks whether to take the stack of each running task
	 */
	public List<LiveTask> liveTasks(boolean withStacks) {
		long now = System.nanoTime();
		List<LiveTask> tasks = new ArrayList<>();
		Thread caller = Thread.currentThread();
		for (ThreadSlot slot : this.registry.slots()) {
			TrackedTask task = slot.running();
			if (task != null && task.executor() != null && slot.thread() != caller) {
				List<String> stack = null;
				if (withStacks) {
					StackTraceElement[] frames = slot.thread().getStackTrace();
					stack = (slot.running() == task) ? StackFrames.render(frames) : List.of();
				}
				tasks.add(new LiveTask(task.id(), task.name(), task.executor().name(), TaskState.RUNNING,
						Duration.ofNanos(now - task.submittedAt()), Duration.ofNanos(now - task.startedAt()),
						slot.thread().getName(), stack, this.registry.applicationCode().creationFrames(task.creationSite())));
			}
		}
		for (ExecutorMonitor executor : this.registry.executors()) {
			int listed = 0;
			for (Object queued : executor.queueView().queue()) {
				if (listed++ == MAX_LISTED_PER_EXECUTOR) {
					break;
				}
				if (queued instanceof TrackedTask task && !(queued instanceof Future<?> future && future.isDone())) {
					TaskState state = (task.delayNanos() > 0) ? TaskState.SCHEDULED : TaskState.QUEUED;
					tasks.add(new LiveTask(task.id(), task.name(), executor.name(), state,
							Duration.ofNanos(now - task.submittedAt()), null, null, null,
							this.registry.applicationCode().creationFrames(task.creationSite())));
				}
			}
		}
		tasks.sort(Comparator.comparing(LiveTask::age));
		return tasks;
	}

	/**
	 * Logs a task that is being dropped while still pending, as asyncio does when a
	 * loop closes with unfinished tasks. Running tasks are always named; of the tasks
	 * waiting in a queue only the first {@value #LISTED_PENDING} of a shutdown are, the
	 * rest are counted by {@link #endPendingReport(ExecutorMonitor)}: a backlog of a
	 * million tasks must not become a million log lines.
	 */
	public void reportPending(TrackedTask task, TaskState state) {
		try {
			if (state != TaskState.RUNNING && this.pendingListed.incrementAndGet() > LISTED_PENDING) {
				this.pendingUnlisted.incrementAndGet();
				return;
			}
			ExecutorMonitor executor = task.executor();
			StringBuilder message = new StringBuilder("Task was destroyed but it is pending!\ntask: ")
				.append(task.name())
				.append(" (")
				.append(state.label())
				.append((executor != null) ? " on " + executor.name() : "")
				.append(')')
				.append(FindingLog.createdAt(this.registry.applicationCode().creationFrames(task.creationSite())));
			this.logger.log(Level.ERROR, message.toString());
		}
		catch (Throwable ex) {
			this.registry.internalError("reporting a pending task", ex);
		}
	}

	/**
	 * Ends the report of one executor's shutdown: logs how many pending tasks were not
	 * named one by one.
	 */
	public void endPendingReport(ExecutorMonitor executor) {
		int unlisted = this.pendingUnlisted.getAndSet(0);
		this.pendingListed.set(0);
		if (unlisted > 0) {
			this.logger.log(Level.ERROR, "Task was destroyed but it is pending! " + unlisted + " more task"
					+ ((unlisted == 1) ? "" : "s") + " waiting on " + executor.name() + " not listed");
		}
	}

	/**
	 * The tasks of {@code executor} running now.
	 */
	public List<TrackedTask> runningTasks(ExecutorMonitor executor) {
		List<TrackedTask> running = new ArrayList<>();
		for (ThreadSlot slot : this.registry.slots()) {
			TrackedTask task = slot.running();
			if (task != null && task.executor() == executor) {
				running.add(task);
			}
		}
		return running;
	}

	private ExecutorKind kindOf(String executorName) {
		ExecutorMonitor executor = this.registry.executor(executorName);
		return (executor != null) ? executor.kind() : ExecutorKind.NON_BLOCKING;
	}

	/**
	 * How an engine starts.
	 *
	 * @param debug whether the expensive checks run (creation stacks and more)
	 * @param slowCallbackDuration how long a task may run on a non-blocking executor
	 * @param journalSize how many findings are kept per kind
	 * @param logInterval how often findings from one site are logged
	 * @param loggers where log lines go
	 * @param applicationCode which frames are the application's
	 * @param unretrievedGrace how long a failed task's exception may stay unobserved
	 */
	public record Options(boolean debug, Duration slowCallbackDuration, int journalSize, Duration logInterval,
			LogDestination loggers, ApplicationCode applicationCode, Duration unretrievedGrace) {

		public static Options defaults() {
			return new Options(false, Duration.ofMillis(100), 256, Duration.ofSeconds(10), LogDestination.system(),
					ApplicationCode.unknown(), Duration.ofSeconds(1));
		}

		public Options withUnretrievedGrace(Duration grace) {
			return new Options(this.debug, this.slowCallbackDuration, this.journalSize, this.logInterval, this.loggers,
					this.applicationCode, grace);
		}

		public Options withApplicationCode(ApplicationCode code) {
			return new Options(this.debug, this.slowCallbackDuration, this.journalSize, this.logInterval, this.loggers,
					code, this.unretrievedGrace);
		}

		public Options withDebug(boolean debug) {
			return new Options(debug, this.slowCallbackDuration, this.journalSize, this.logInterval, this.loggers,
					this.applicationCode, this.unretrievedGrace);
		}

		public Options withSlowCallbackDuration(Duration duration) {
			return new Options(this.debug, duration, this.journalSize, this.logInterval, this.loggers,
					this.applicationCode, this.unretrievedGrace);
		}

		public Options withJournalSize(int size) {
			return new Options(this.debug, this.slowCallbackDuration, size, this.logInterval, this.loggers,
					this.applicationCode, this.unretrievedGrace);
		}

		public Options withLogInterval(Duration interval) {
			return new Options(this.debug, this.slowCallbackDuration, this.journalSize, interval, this.loggers,
					this.applicationCode, this.unretrievedGrace);
		}

		public Options withLoggers(LogDestination loggers) {
			return new Options(this.debug, this.slowCallbackDuration, this.journalSize, this.logInterval, loggers,
					this.applicationCode, this.unretrievedGrace);
		}

	}

}
