package dev.asyncloop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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

	private final TaskRegistry registry;

	private final List<ProbedLoop> loops = new CopyOnWriteArrayList<>();

	public EventLoopProbes(AsyncLoopEngine engine) {
		this.findings = engine.findings();
		this.applicationCode = engine.registry().applicationCode();
		this.registry = engine.registry();
	}

	/**
	 * Starts probing {@code loop}, one event loop of {@code executor}, for as long as
	 * {@code running} says it runs. A loop shutting down gets no more probes: they
	 * would keep it from finishing its quiet period.
	 */
	public void watch(ExecutorMonitor executor, Executor loop, BooleanSupplier running) {
		boolean firstLoop = !executor.isProbed();
		executor.lag();
		this.loops.add(new ProbedLoop(executor, loop, running));
		if (firstLoop) {
			this.registry.executorChanged(executor);
		}
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

		/** The loop's thread, learnt from the first probe that ran. */
		private volatile Thread thread;

		private Probe outstanding;

		private long lastPosted;

		private long openSequence;

		private SlowCallback openStall;

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
			Probe probe = this.outstanding;
			if (probe == null) {
				if (now - this.lastPosted >= INTERVAL_NANOS) {
					post(now);
				}
				return;
			}
			long ranAt = probe.ranAt;
			if (ranAt != 0) {
				probed(ranAt - probe.postedAt);
				this.outstanding = null;
				return;
			}
			long waited = now - probe.postedAt;
			long threshold = this.executor.thresholdNanos();
			Thread thread = this.thread;
			if (waited >= threshold) {
				this.executor.setStalledSince(probe.postedAt);
			}
			if (waited >= threshold && this.openStall == null && thread != null
					&& !EventLoopProbes.this.registry.isTimingSuppressed()) {
				StackTraceElement[] stack = thread.getStackTrace();
				// A loop loading classes is warming up: look again next time.
				if (probe.ranAt == 0 && !StackFrames.isWarmingUp(stack)) {
					reportStall(thread, stack, waited, threshold);
				}
			}
		}

		private void post(long now) {
			Probe probe = new Probe(now, this);
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

		private void probed(long lag) {
			this.executor.lag().record(lag);
			this.executor.setStalledSince(0);
			if (this.openStall != null) {
				Finding current = EventLoopProbes.this.findings.find(FindingKind.SLOW_CALLBACK, this.openSequence);
				SlowCallback stall = (current instanceof SlowCallback slow) ? slow : this.openStall;
				EventLoopProbes.this.findings.update(this.openSequence, stall, stall.finish(Duration.ofNanos(lag)));
				this.openStall = null;
			}
		}

		private void reportStall(Thread thread, StackTraceElement[] stack, long waited, long threshold) {
			String entry = EventLoopProbes.this.applicationCode.entryPoint(stack, stack.length - 1);
			SlowCallback stall = new SlowCallback((entry != null) ? entry : STALL, this.executor.name(),
					thread.getName(), Duration.ofNanos(waited), Duration.ofNanos(threshold), false,
					StackFrames.render(stack), List.of(), Instant.now().minusNanos(waited - threshold), null, null,
					Instant.now().minusNanos(waited));
			this.openSequence = EventLoopProbes.this.findings.record(stall);
			this.openStall = stall;
		}

	}

	private static final class Probe implements Runnable {

		final long postedAt;

		private final ProbedLoop loop;

		volatile long ranAt;

		Probe(long postedAt, ProbedLoop loop) {
			this.postedAt = postedAt;
			this.loop = loop;
		}

		@Override
		public void run() {
			this.loop.thread = Thread.currentThread();
			this.ranAt = System.nanoTime();
		}

		@Override
		public String toString() {
			return "asyncloop event-loop probe";
		}

	}

}
