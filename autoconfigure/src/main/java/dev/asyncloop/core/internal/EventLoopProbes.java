package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.RuntimeSettings;
import dev.asyncloop.core.SlowCallback;

/**
 * Watches event loops whose tasks asyncloop does not run (Netty's, for one) by
 * posting them a tiny probe task now and then. How late a probe runs is the loop's
 * lag. A probe still waiting past the slow-callback duration means the loop is
 * stalled: its thread's stack is taken while it is stalled and reported as a live
 * slow callback, finished when the probe finally runs.
 *
 * <p>Runs as a watchdog check; the watched loops only run the probes themselves.
 */
public final class EventLoopProbes implements Runnable {

	/** How often each loop gets a probe. */
	static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private static final String STALL = "event loop";

	private final Findings findings;

	private final ApplicationCode applicationCode;

	private final RuntimeSettings settings;

	private final WarmUp warmUp;

	private final List<ProbedLoop> loops = new CopyOnWriteArrayList<>();

	/** The request a loop thread is serving, or {@code null}; see {@link #describeRequestsWith}. */
	private volatile Function<Thread, String> requests = (thread) -> null;

	/**
	 * @param settings whether timing findings are suppressed now
	 * @param findings where stalls go, and the warm-up set aside
	 * @param applicationCode which frames are the application's, to judge and name stalls
	 */
	public EventLoopProbes(RuntimeSettings settings, Findings findings, ApplicationCode applicationCode) {
		this.findings = findings;
		this.applicationCode = applicationCode;
		this.settings = settings;
		this.warmUp = findings.warmUp();
	}

	/**
	 * Names stalls after the request the loop is serving, such as
	 * {@code GET /owners/{id}}: {@code requests} tells it for a loop thread, or returns
	 * {@code null}. Called on the watchdog thread; it must be quick and must not block.
	 */
	public void describeRequestsWith(Function<Thread, String> requests) {
		this.requests = (requests != null) ? requests : (thread) -> null;
	}

	/**
	 * Starts probing {@code loop}, one event loop of {@code executor}, for as long as
	 * {@code running} says it runs. A loop shutting down gets no more probes: they
	 * would keep it from finishing its quiet period.
	 */
	public void watch(ExecutorMonitor executor, Executor loop, BooleanSupplier running) {
		executor.lag(); // the executor is probed from now on
		this.loops.add(new ProbedLoop(executor, loop, running));
	}

	/**
	 * Stops probing every loop.
	 */
	public void stop() {
		this.loops.clear();
	}

	/**
	 * How many loops are being probed.
	 */
	public int watched() {
		return this.loops.size();
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		for (ProbedLoop loop : this.loops) {
			loop.look(now);
		}
	}

	private final class ProbedLoop {

		private final ExecutorMonitor executor;

		private final Executor loop;

		private final BooleanSupplier running;

		/** The loop's thread, learnt from the probes that ran. */
		private volatile Thread thread;

		private LoopProbe outstanding;

		private long lastPosted;

		private long openSequence;

		private SlowCallback openStall;

		/** What the loop spent the current stall on, once it has lasted a while. */
		private StallEvidence evidence;

		/** The request the loop was serving when last looked at during the stall. */
		private String request;

		/** The trace of that request (see {@link TraceContexts}), or {@code null}. */
		private Object trace;

		ProbedLoop(ExecutorMonitor executor, Executor loop, BooleanSupplier running) {
			this.executor = executor;
			this.loop = loop;
			this.running = running;
		}

		void look(long now) {
			if (!this.running.getAsBoolean()) {
				EventLoopProbes.this.loops.remove(this);
				return;
			}
			LoopProbe probe = this.outstanding;
			if (probe == null) {
				if (now - this.lastPosted >= INTERVAL_NANOS) {
					post(now);
				}
				return;
			}
			long ranAt = probe.ranAt;
			if (ranAt != 0) {
				probed(probe, ranAt);
				this.outstanding = null;
				return;
			}
			long waited = now - probe.postedAt;
			long threshold = this.executor.thresholdNanos();
			if (waited >= threshold) {
				this.executor.setStalledSince(probe.postedAt);
			}
			Thread thread = this.thread;
			if (waited >= threshold / StallEvidence.SAMPLE_FROM_FRACTION && this.openStall == null && thread != null
					&& !EventLoopProbes.this.settings.isTimingSuppressed()) {
				sample(probe, thread, threshold);
			}
		}

		/**
		 * Takes the stack of a loop that has not run its probe for a while: the stall is
		 * reported, live, once the application's code (or framework code serving a
		 * request that stalled before) has held the loop past the threshold.
		 */
		private void sample(LoopProbe probe, Thread thread, long threshold) {
			if (this.evidence == null || this.evidence.startedAt() != probe.postedAt) {
				this.evidence = new StallEvidence(probe.postedAt);
			}
			if (System.nanoTime() - this.evidence.lastSampleAt() < threshold / StallEvidence.SAMPLES_PER_THRESHOLD) {
				return;
			}
			String request = EventLoopProbes.this.requests.apply(thread);
			Object trace = EventLoopProbes.this.findings.traces().of(null, thread);
			StackTraceElement[] stack = thread.getStackTrace();
			long cpu = ThreadCpu.of(thread);
			boolean runnable = thread.getState() == Thread.State.RUNNABLE;
			long sampledAt = System.nanoTime();
			if (probe.ranAt != 0) {
				return; // the stall ended while the stack was taken: it shows something else
			}
			this.evidence.sample(sampledAt, stack, Activity.of(stack, EventLoopProbes.this.applicationCode), cpu, runnable);
			if (request != null) {
				this.request = request;
			}
			if (trace != null) {
				this.trace = trace;
			}
			if (this.evidence.isMistake(threshold, EventLoopProbes.this.warmUp, place())) {
				this.openStall = stall(thread, this.evidence.stack(threshold), sampledAt - probe.postedAt,
						threshold, false);
				this.openSequence = EventLoopProbes.this.findings.record(this.openStall, this.trace);
			}
		}

		private void post(long now) {
			LoopProbe probe = new LoopProbe(now);
			try {
				this.loop.execute(probe);
				this.outstanding = probe;
				this.lastPosted = now;
			}
			catch (RejectedExecutionException ex) {
				// The loop is shutting down: nothing left to watch.
				EventLoopProbes.this.loops.remove(this);
			}
		}

		private void probed(LoopProbe probe, long ranAt) {
			this.thread = probe.ranOn;
			long lag = ranAt - probe.postedAt;
			this.executor.lag().record(lag);
			this.executor.setStalledSince(0);
			if (this.openStall != null) {
				EventLoopProbes.this.findings.update(FindingKind.SLOW_CALLBACK, this.openSequence, this.openStall,
						(current) -> current.finish(Duration.ofNanos(lag)));
				this.openStall = null;
			}
			else if (this.evidence != null && this.evidence.startedAt() == probe.postedAt
					&& lag >= this.executor.thresholdNanos()) {
				judgeEndedStall(lag);
			}
			this.evidence = null;
			this.request = null;
			this.trace = null;
		}

		/**
		 * A stall that ended between two looks: a finished slow callback, or warm-up.
		 */
		private void judgeEndedStall(long lag) {
			long threshold = this.executor.thresholdNanos();
			Thread thread = this.thread;
			this.evidence.end(this.evidence.startedAt() + lag);
			if (EventLoopProbes.this.settings.isTimingSuppressed() || thread == null) {
				return;
			}
			String what = "a stall of " + thread.getName() + " for " + SecondsText.of(lag) + " s"
					+ ((this.request != null) ? " serving " + this.request : "");
			if (!this.evidence.isSampled()) {
				// It ended just as its stack was taken: nothing tells where its time went.
				EventLoopProbes.this.warmUp.count(what, "not seen while it lasted");
				return;
			}
			if (this.evidence.isMistake(threshold, EventLoopProbes.this.warmUp, place())) {
				SlowCallback stall = stall(thread, this.evidence.stack(threshold), lag, threshold, true);
				EventLoopProbes.this.findings.record(stall, this.trace);
			}
			else {
				EventLoopProbes.this.warmUp.count(what, this.evidence.describe());
			}
		}

		/**
		 * Where the loop's framework code runs, for telling its first long run at a
		 * request (warm-up) from later ones.
		 */
		private String place() {
			return this.executor.name() + ":" + ((this.request != null) ? this.request : STALL);
		}

		/**
		 * A stall as a slow callback, named after the request being served when known,
		 * else after the application method it is in.
		 */
		private SlowCallback stall(Thread thread, StackTraceElement[] stack, long waited, long threshold,
				boolean finished) {
			String name = this.request;
			if (name == null) {
				name = EventLoopProbes.this.applicationCode.entryPoint(stack, stack.length - 1);
			}
			Instant now = Instant.now();
			TraceIds ids = EventLoopProbes.this.findings.traces().ids(this.trace);
			return new SlowCallback((name != null) ? name : STALL, this.executor.name(), thread.getName(),
					Duration.ofNanos(waited), Duration.ofNanos(threshold), finished, StackFrames.render(stack), List.of(),
					now.minusNanos(waited - threshold), ids.traceId(), ids.spanId(), null, now.minusNanos(waited));
		}

	}

}
