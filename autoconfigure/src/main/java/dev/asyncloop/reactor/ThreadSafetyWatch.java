package dev.asyncloop.reactor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.ThreadSafety;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.StackFrames;
import dev.asyncloop.core.internal.TraceIds;
import dev.asyncloop.futures.DebugSwitch;

/**
 * asyncio's thread-safety check for Reactor, in debug mode: signals raced from two
 * threads into what takes them one at a time. A serialized sink's emission rejected
 * with {@code FAIL_NON_SERIALIZED} and handed back to the application (a
 * {@code tryEmit...} whose result it gets, an {@code emit...} whose failure handler
 * gave up); a {@code Sinks.unsafe()} sink or {@code Flux.push}'s sink entered by a
 * second thread; signals overlapping into the subscriber of a publisher that is not
 * Reactor's ({@code Flux.from}, {@code Mono.from}). Each is reported as a
 * {@link ThreadSafety} finding, with both threads' stacks and where the sink was made.
 *
 * <p>What serializes by design is never checked: {@code Flux.create}, serialized sinks
 * whose retrying handler delivered, Reactor's operators, Reactor Netty. Follows debug
 * mode at runtime: Reactor's classes are instrumented while it is on (see
 * {@link RaceInstrumentation}) and restored when it goes off or the application
 * closes. The race is taken on the thread that raced in; the finding is made on the
 * watchdog.
 */
public final class ThreadSafetyWatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ThreadSafetyWatch.class);

	/** Races kept with their stacks while waiting for the watchdog; past this, only counted with what they name. */
	private static final int DETAILED_PENDING = 1024;

	private static final String OWN_FRAMES = "dev.asyncloop.reactor.";

	/** A race less than this after the last one like it is counted into that one's finding. */
	private static final Duration EPISODE_GAP = Duration.ofSeconds(1);

	private static final int MAX_EPISODES = 256;

	private final Engine engine;

	private final Queue<Race> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pendingCount = new AtomicInteger();

	/**
	 * The kinds of race kept with their stacks since the watchdog last looked, so that
	 * past {@link #DETAILED_PENDING} the first race of each kind still has its stacks:
	 * a storm of one race must not leave another reported without them. A kind is one
	 * thread's, which queues its races in order: its first one in the queue is whole.
	 */
	private final Set<RaceKey> detailedKinds = ConcurrentHashMap.newKeySet();

	private final Consumer<Race> receiver = this::received;

	private final Runnable check = this::check;

	private final DebugSwitch debugSwitch = new DebugSwitch("asyncloop-thread-safety-switch", this::install,
			this::uninstall);

	/** The latest finding of each kind of race, to count repeats into while they go on. */
	private final Map<RaceKey, Episode> episodes = new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<RaceKey, Episode> eldest) {
			return size() > MAX_EPISODES;
		}
	};

	private volatile AutoCloseable reporting;

	private volatile boolean refused;

	private volatile boolean closed;

	private ThreadSafetyWatch(Engine engine) {
		this.engine = engine;
	}

	/**
	 * Checks for races for {@code engine} while its debug mode is on.
	 */
	public static ThreadSafetyWatch start(Engine engine) {
		ThreadSafetyWatch watch = new ThreadSafetyWatch(engine);
		if (engine.settings().isDebug()) {
			watch.install();
		}
		engine.addWatchdogCheck(watch.check);
		return watch;
	}

	/**
	 * Whether races are checked now.
	 */
	public boolean isChecking() {
		return this.reporting != null;
	}

	/**
	 * Starts noting sinks as they are made, before any watch exists: called as the
	 * application context starts in debug mode, so that the sinks its beans make are
	 * known by where they were made.
	 * @return what lets go of it, when the context closes
	 * @throws IllegalStateException when the JVM refuses to attach an agent to itself
	 */
	public static AutoCloseable noteSinksFromNowOn() {
		return RaceInstrumentation.hold();
	}

	private synchronized void install() {
		if (this.reporting != null || this.refused || this.closed) {
			return;
		}
		try {
			this.reporting = RaceInstrumentation.report(this.receiver);
		}
		catch (IllegalStateException | LinkageError ex) {
			this.refused = true;
			logger.warn("asyncloop cannot check sinks for signals raced from two threads: the JVM refused to "
					+ "attach its agent at runtime (" + ex + "). Start the JVM with -XX:+EnableDynamicAgentLoading, "
					+ "on a JDK (not a JRE) with the attach mechanism enabled.");
		}
	}

	private synchronized void uninstall() {
		AutoCloseable reporting = this.reporting;
		if (reporting != null) {
			this.reporting = null;
			try {
				reporting.close();
			}
			catch (Exception ex) {
				this.engine.tracking().errors().report("removing the thread-safety checks", ex);
			}
		}
	}

	/**
	 * On the thread that raced in: keeps the race for the watchdog.
	 */
	private void received(Race race) {
		if (this.closed || !this.engine.settings().isDebug()) {
			return;
		}
		boolean detailed = this.pendingCount.incrementAndGet() <= DETAILED_PENDING
				|| (this.detailedKinds.size() < MAX_EPISODES && this.detailedKinds.add(keyOf(race)));
		Object trace = this.engine.findings().traces().here(this.engine.tracking().threads().currentTask());
		this.pending.add(new Race(race.operation(), race.subject(), race.thread(), race.other(), race.otherActivity(),
				race.lost(), race.consequence(), detailed ? race.stack() : null, detailed ? race.otherStack() : null,
				race.time(), trace));
	}

	/**
	 * On the watchdog: reports the races kept since the last look, and follows debug
	 * mode (off the watchdog thread, since instrumenting takes a moment).
	 */
	private void check() {
		report();
		this.debugSwitch.follow(this.engine.settings().isDebug() && !this.closed && !this.refused, isChecking());
	}

	/**
	 * Reports the races kept since the last look: each as a finding of its own, unless
	 * it repeats one reported less than a second before it, which then counts it. A
	 * storm of races between two threads is one finding, not a journal full.
	 */
	private synchronized void report() {
		this.detailedKinds.clear();
		Map<Episode, Integer> repeats = new LinkedHashMap<>();
		for (Race race = this.pending.poll(); race != null; race = this.pending.poll()) {
			this.pendingCount.decrementAndGet();
			try {
				RaceKey key = keyOf(race);
				Episode episode = this.episodes.get(key);
				if (episode != null && Duration.between(episode.last, race.time()).compareTo(EPISODE_GAP) < 0) {
					episode.last = race.time();
					repeats.merge(episode, 1, Integer::sum);
					continue;
				}
				ThreadSafety finding = finding(race);
				this.episodes.put(key,
						new Episode(this.engine.findings().record(finding, race.trace()), finding, race.time()));
			}
			catch (RuntimeException ex) {
				this.engine.tracking().errors().report("reporting signals raced from two threads", ex);
			}
		}
		repeats.forEach((episode, more) -> this.engine.findings()
			.update(FindingKind.THREAD_SAFETY, episode.sequence, episode.first, (now) -> now.timesMore(more)));
	}

	private ThreadSafety finding(Race race) {
		ApplicationCode code = this.engine.applicationCode();
		List<String> madeAt = madeAt(race.subject().madeAt(), code);
		String subject = race.subject().type() + (madeAt.isEmpty() ? "" : " made at " + withoutPackage(madeAt.get(0)));
		ExecutorMonitor executor = this.engine.tracking().threads().executorOf(race.thread());
		List<String> stack = List.of();
		if (race.stack() != null) {
			StackTraceElement[] frames = race.stack().getStackTrace();
			stack = StackFrames.render(frames, ownFrames(frames, code));
		}
		List<String> otherStack = (race.otherStack() != null) ? StackFrames.render(race.otherStack()) : List.of();
		TraceIds ids = this.engine.findings().traces().ids(race.trace());
		return new ThreadSafety(race.operation(), subject, (executor != null) ? executor.name() : null,
				race.thread().getName(), (race.other() != null) ? race.other().getName() : null, race.otherActivity(),
				race.lost(), race.consequence(), 1, stack, otherStack, madeAt, race.time(), ids.traceId(),
				ids.spanId());
	}

	/**
	 * Where a sink was made, innermost first: from the application's call when the
	 * stack has one, otherwise from the first frame that is neither asyncloop's nor
	 * Reactor's making of it.
	 */
	private static List<String> madeAt(Throwable site, ApplicationCode code) {
		if (site == null) {
			return List.of();
		}
		StackTraceElement[] frames = site.getStackTrace();
		for (int i = 0; i < frames.length; i++) {
			if (code.isApplication(frames[i])) {
				return StackFrames.render(frames, i);
			}
		}
		int from = ownFrames(frames, code);
		while (from < frames.length - 1 && frames[from].getClassName().startsWith("reactor.core.publisher.Sinks")) {
			from++;
		}
		return StackFrames.render(frames, from);
	}

	/**
	 * A frame as {@code Class.method(File.java:line)} without the class's package.
	 */
	private static String withoutPackage(String frame) {
		int call = frame.indexOf('(');
		int method = frame.lastIndexOf('.', (call >= 0) ? call : frame.length());
		int type = (method > 0) ? frame.lastIndexOf('.', method - 1) : -1;
		return frame.substring(type + 1);
	}

	/**
	 * How many of the innermost frames are asyncloop's own taking of the stack.
	 */
	private static int ownFrames(StackTraceElement[] frames, ApplicationCode code) {
		int from = 0;
		while (from < frames.length - 1 && frames[from].getClassName().startsWith(OWN_FRAMES)
				&& !code.isApplication(frames[from])) {
			from++;
		}
		return from;
	}

	private static RaceKey keyOf(Race race) {
		return new RaceKey(race.subject(), race.operation(), race.thread(), race.other());
	}

	/**
	 * Races alike: the same operation by the same thread into the same sink, while the
	 * same other thread was inside.
	 */
	private record RaceKey(RaceSubject subject, String operation, Thread thread, Thread other) {
	}

	/**
	 * The finding a run of alike races was reported as, and when the latest happened.
	 */
	private static final class Episode {

		final long sequence;

		final ThreadSafety first;

		Instant last;

		Episode(long sequence, ThreadSafety first, Instant last) {
			this.sequence = sequence;
			this.first = first;
			this.last = last;
		}

	}

	@Override
	public void close() {
		this.closed = true;
		this.engine.removeWatchdogCheck(this.check);
		report();
		uninstall();
	}

}
