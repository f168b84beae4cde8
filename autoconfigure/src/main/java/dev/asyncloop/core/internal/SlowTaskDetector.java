package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.SlowCallback;

/**
 * Finds slow callbacks among tracked tasks, on the watchdog's thread. A task past its
 * executor's threshold has its thread's stack taken while it is still stuck and
 * becomes a live slow-callback finding. When the task ends, its own thread hands the
 * final duration over and the finding is completed.
 */
final class SlowTaskDetector {

	/** What was gathered on a run not seen running for this long is forgotten. */
	private static final long FORGET_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final TaskTracking tracking;

	private final Findings findings;

	private final ApplicationCode applicationCode;

	private final WarmUp warmUp;

	/** Live findings waiting for their task to end. */
	private final Map<TrackedTask, Open> open = new IdentityHashMap<>();

	/** What the runs that have run a while spent their time on. */
	private final Map<TrackedTask, StallEvidence> evidence = new IdentityHashMap<>();

	SlowTaskDetector(TaskTracking tracking, Findings findings, ApplicationCode applicationCode) {
		this.tracking = tracking;
		this.findings = findings;
		this.applicationCode = applicationCode;
		this.warmUp = findings.warmUp();
	}

	/**
	 * Takes the stack of every task that has run a while, so that a run past its
	 * threshold is judged by what it spent its time on: reported, live, once the
	 * application's code (or framework code at a place where it ran long before) has
	 * held the thread past the threshold; warm-up otherwise.
	 */
	void lookAtRunningTasks(long now, long tickNanos) {
		if (this.tracking.settings().isTimingSuppressed()) {
			return;
		}
		for (ThreadSlot slot : this.tracking.threads().all()) {
			TrackedTask task = slot.running();
			if (task == null) {
				continue;
			}
			long start = task.startedAt();
			ExecutorMonitor executor = task.executor();
			if (start == 0 || executor == null) {
				continue;
			}
			if (slot.reportedRun() == start) {
				seenStillRunning(task, start, now);
				continue;
			}
			long threshold = executor.thresholdNanos();
			long from = this.tracking.clock().startOf(start, now, tickNanos);
			if (now - from < threshold / StallEvidence.SAMPLE_FROM_FRACTION) {
				continue;
			}
			StallEvidence evidence = this.evidence.get(task);
			if (evidence == null || evidence.startedAt() != start) {
				evidence = new StallEvidence(start, from);
				this.evidence.put(task, evidence);
			}
			evidence.seenRunningAt = now;
			if (now - evidence.lastSampleAt() < threshold / StallEvidence.SAMPLES_PER_THRESHOLD) {
				continue;
			}
			StackTraceElement[] stack = slot.thread().getStackTrace();
			long cpu = ThreadCpu.of(slot.thread());
			boolean runnable = slot.thread().getState() == Thread.State.RUNNABLE;
			long sampledAt = System.nanoTime();
			// Only a stack taken while this very run was still going says where its time went.
			if (slot.running() != task || task.startedAt() != start) {
				continue;
			}
			evidence.sample(sampledAt, stack, Activity.of(stack, this.applicationCode), cpu, runnable);
			if (evidence.isMistake(threshold, this.warmUp, place(executor, task))) {
				slot.reported(start);
				reportRunning(slot, task, start, sampledAt, threshold, evidence.stack(threshold));
			}
		}
	}

	/**
	 * Reports a run that is still going. Its duration counts from the tick its start
	 * read, so that it is never short of the truth (and over it by less than a tick).
	 */
	private void reportRunning(ThreadSlot slot, TrackedTask task, long start, long sampledAt, long threshold,
			StackTraceElement[] stack) {
		long elapsed = sampledAt - start;
		Instant crossed = Instant.now().minusNanos(elapsed - threshold);
		Object trace = this.findings.traces().of(task, slot.thread());
		SlowCallback live = slowCallback(task, slot.thread(), Duration.ofNanos(elapsed), threshold, false, stack,
				crossed, trace);
		long sequence = this.findings.record(live, trace);
		this.open.put(task, new Open(slot, start, sequence, live, sampledAt));
	}

	private void seenStillRunning(TrackedTask task, long start, long now) {
		Open live = this.open.get(task);
		if (live != null && live.startedAt == start) {
			live.seenAt = now;
		}
	}

	/**
	 * Runs that ended and may have crossed their threshold: a live finding gets its
	 * final duration; a run past its threshold not reported yet is judged on all the
	 * stacks taken while it ran, and is either a finished slow callback or warm-up.
	 */
	void completeEndedRuns(long now, long tickNanos) {
		SlowRuns.SlowRun run;
		while ((run = this.tracking.slowRuns().poll()) != null) {
			TrackedTask task = run.task();
			StallEvidence evidence = this.evidence.get(task);
			if (evidence != null && evidence.startedAt() == run.startedAt()) {
				this.evidence.remove(task);
			}
			else {
				evidence = null; // it belongs to a later run of the same periodic task
			}
			// Its duration counts from the tick its start read, never short of the truth.
			Duration duration = Duration.ofNanos(Math.max(0, run.endedAt() - run.startedAt()));
			Open live = this.open.get(task);
			if (live != null && live.startedAt == run.startedAt()) {
				this.open.remove(task);
				this.findings.update(FindingKind.SLOW_CALLBACK, live.sequence, live.finding,
						(current) -> current.finish(duration));
				continue;
			}
			// Whether it crossed its threshold is judged from when it most likely began.
			long from = (evidence != null) ? evidence.from()
					: this.tracking.clock().startOf(run.startedAt(), now, tickNanos);
			if (run.endedAt() - from >= run.thresholdNanos() && !this.tracking.settings().isTimingSuppressed()) {
				judgeEndedRun(run, evidence, from, duration);
			}
		}
	}

	private void judgeEndedRun(SlowRuns.SlowRun run, StallEvidence evidence, long from, Duration duration) {
		TrackedTask task = run.task();
		String what = task.name() + " on " + run.thread().getName() + " for " + SecondsText.of(duration.toNanos())
				+ " s";
		if (evidence == null || !evidence.isSampled()) {
			// Not one look while it ran: the watchdog itself was held, as the whole JVM is
			// in a long pause. Nothing tells where its time went.
			this.warmUp.count(what, "not seen while it ran: the JVM was paused");
			return;
		}
		evidence.end(run.endedAt());
		if (!evidence.isMistake(run.thresholdNanos(), this.warmUp, place(task.executor(), task))) {
			this.warmUp.count(what, evidence.describe());
			return;
		}
		Instant crossed = Instant.now().minusNanos(System.nanoTime() - from - run.thresholdNanos());
		Object trace = this.findings.traces().of(task, run.thread());
		this.findings.record(slowCallback(task, run.thread(), duration, run.thresholdNanos(), true,
				evidence.stack(run.thresholdNanos()), crossed, trace), trace);
	}

	/**
	 * A slow callback of {@code task}, which gets a better name from the stack where it
	 * was held up if it has a generic one.
	 */
	private SlowCallback slowCallback(TrackedTask task, Thread thread, Duration duration, long threshold,
			boolean finished, StackTraceElement[] stack, Instant crossed, Object trace) {
		TaskNames.improveFromStack(task, stack, this.applicationCode);
		TraceIds ids = this.findings.traces().ids(trace);
		return new SlowCallback(task.name(), task.executor().name(), thread.getName(), duration,
				Duration.ofNanos(threshold), finished, StackFrames.render(stack),
				this.applicationCode.creationFrames(task.creationSite()), crossed, ids.traceId(), ids.spanId(), null,
				submitted(task));
	}

	/**
	 * Where a task's framework code runs, for telling its first long run (warm-up) from
	 * the later ones.
	 */
	private static String place(ExecutorMonitor executor, TrackedTask task) {
		return executor.name() + ":" + task.name();
	}

	/**
	 * Forgets what was gathered on runs that ended without becoming slow.
	 */
	void forgetEndedEvidence(long now) {
		this.evidence.values().removeIf((evidence) -> now - evidence.seenRunningAt > FORGET_AFTER_NANOS);
		finishAbandoned(now);
	}

	/**
	 * Finishes the live findings whose run ended a while ago without handing over its
	 * end (it ended just as it was reported), so that none stays "still running": the
	 * run lasted at least until it was last seen.
	 */
	private void finishAbandoned(long now) {
		Iterator<Map.Entry<TrackedTask, Open>> entries = this.open.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<TrackedTask, Open> entry = entries.next();
			TrackedTask task = entry.getKey();
			Open live = entry.getValue();
			boolean running = live.slot.running() == task && task.startedAt() == live.startedAt;
			if (!running && now - live.seenAt > FORGET_AFTER_NANOS) {
				entries.remove();
				Duration duration = Duration.ofNanos(live.seenAt - live.startedAt);
				this.findings.update(FindingKind.SLOW_CALLBACK, live.sequence, live.finding,
						(current) -> current.finish(duration));
			}
		}
	}

	private static Instant submitted(TrackedTask task) {
		return Instant.now().minusNanos(System.nanoTime() - task.submittedAt());
	}

	/**
	 * A run reported while it ran, waiting for its end.
	 */
	private static final class Open {

		final ThreadSlot slot;

		final long startedAt;

		final long sequence;

		final SlowCallback finding;

		/** When the watchdog last saw the run still going. */
		long seenAt;

		Open(ThreadSlot slot, long startedAt, long sequence, SlowCallback finding, long seenAt) {
			this.slot = slot;
			this.startedAt = startedAt;
			this.sequence = sequence;
			this.finding = finding;
			this.seenAt = seenAt;
		}

	}

}
