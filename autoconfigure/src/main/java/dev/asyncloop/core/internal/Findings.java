package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.FindingListener;
import dev.asyncloop.core.SlowCallback;

/**
 * Everything asyncloop found: one bounded {@link Journal} per kind, counts, and the
 * listeners that report findings (log, metrics, JFR, test mode).
 */
public final class Findings {

	/** The sequence of a finding that was not recorded: updating it changes nothing kept. */
	static final long NOT_RECORDED = 0;

	private final Map<FindingKind, Journal> journals = new EnumMap<>(FindingKind.class);

	private final Map<FindingKind, LongAdder> sinceClear = new EnumMap<>(FindingKind.class);

	private final Map<FindingKind, LongAdder> total = new EnumMap<>(FindingKind.class);

	private final Map<String, LongAdder> slowCallbacksByExecutor = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final FindingListeners listeners;

	private final InternalErrors errors;

	private final WarmUp warmUp;

	private final TraceContexts traces;

	public Findings(int journalSize, InternalErrors errors, WarmUp warmUp) {
		this(journalSize, errors, warmUp, System.getLogger("dev.asyncloop.AsyncLoop"));
	}

	/**
	 * @param logger where the failures of listeners are logged
	 */
	public Findings(int journalSize, InternalErrors errors, WarmUp warmUp, System.Logger logger) {
		this.errors = errors;
		this.warmUp = warmUp;
		this.listeners = new FindingListeners(errors, logger);
		this.traces = new TraceContexts(errors);
		for (FindingKind kind : FindingKind.values()) {
			this.journals.put(kind, new Journal(journalSize));
			this.sinceClear.put(kind, new LongAdder());
			this.total.put(kind, new LongAdder());
		}
	}

	/**
	 * Tells {@code listener} of every finding from now on, on a thread of its own (see
	 * {@link ListenerHandOff}): whatever it does, findings are made and reported as
	 * before.
	 */
	public void addListener(FindingListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Tells {@code listener} of every finding on the thread that makes it: for
	 * asyncloop's own log, which must be quick and must not fail.
	 */
	public void addInlineListener(FindingListener listener) {
		this.listeners.addInline(listener);
	}

	/**
	 * Stops telling {@code listener}, once it was given what waits for it (at most a
	 * second).
	 */
	public void removeListener(FindingListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Waits until every listener was given the findings made before this call, each
	 * until {@code deadline} ({@link System#nanoTime()} terms) at most.
	 */
	public void awaitListeners(long deadline) {
		this.listeners.awaitDelivered(deadline);
	}

	/**
	 * Gives every listener what waits for it until {@code deadline}, then lets their
	 * threads go: at shutdown, a slow listener costs at most that.
	 */
	public void closeListeners(long deadline) {
		this.listeners.close(deadline);
	}

	/**
	 * How many findings of each kind were made since they were last cleared, by each
	 * kind's field name in reports ({@code slowCallbacks}, ...), in the kinds' order.
	 */
	public Map<String, Long> countsByKind() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (FindingKind kind : FindingKind.values()) {
			counts.put(kind.fieldName(), count(kind));
		}
		return Collections.unmodifiableMap(counts);
	}

	/**
	 * The application's traces, which findings are found by in its tracing system.
	 */
	public TraceContexts traces() {
		return this.traces;
	}

	/**
	 * Records a new finding and tells every listener.
	 * @return the finding's sequence number, to {@link #update} it later
	 */
	public long record(Finding finding) {
		return record(finding, null);
	}

	/**
	 * Records a new finding about the work of {@code trace} (see {@link TraceContexts}),
	 * tells every listener, and puts the finding in the trace.
	 * @return the finding's sequence number, to {@link #update} it later
	 */
	public long record(Finding finding, Object trace) {
		if (StackFrames.isServingAsyncLoop(finding.where())) {
			return NOT_RECORDED; // asyncloop's own endpoint is not the application's mistake
		}
		// The log line is written before the finding can be read, so that whoever sees
		// it at the endpoint or in a test finds its line in the log too.
		this.listeners.tellInline(finding);
		long sequence = this.sequence.incrementAndGet();
		this.journals.get(finding.kind()).add(sequence, finding);
		this.sinceClear.get(finding.kind()).increment();
		this.total.get(finding.kind()).increment();
		if (finding.kind() == FindingKind.SLOW_CALLBACK) {
			this.slowCallbacksByExecutor.computeIfAbsent(finding.executor(), (name) -> new LongAdder()).increment();
		}
		this.listeners.handOff(finding);
		this.traces.annotate(trace, finding);
		return sequence;
	}

	/**
	 * Changes the finding recorded as {@code sequence} in one step, so that two threads
	 * changing it at once (the watchdog finishing a slow callback, the JFR stream naming
	 * its blocking call) never undo each other, and tells every listener.
	 * @param kind the finding's kind
	 * @param sequence what {@link #record} returned for it
	 * @param fallback the finding as it was recorded, changed instead when the journal no
	 * longer keeps it (listeners still hear of the change)
	 * @param change the change; returns its argument to leave the finding as it is
	 * @return the finding after the change
	 */
	public <F extends Finding> F update(FindingKind kind, long sequence, F fallback, UnaryOperator<F> change) {
		if (sequence == NOT_RECORDED) {
			return change.apply(fallback);
		}
		Journal journal = this.journals.get(kind);
		F previous;
		F current;
		synchronized (journal) {
			@SuppressWarnings("unchecked")
			F kept = (F) journal.find(sequence);
			previous = (kept != null) ? kept : fallback;
			current = change.apply(previous);
			if (current != previous && kept != null) {
				journal.replace(sequence, current);
			}
		}
		if (current != previous) {
			this.listeners.updated(previous, current);
		}
		return current;
	}

	/**
	 * Names {@code call} in the slow callback of {@code thread} that was running during
	 * the interval, if there is one: the blocking call is why it was slow.
	 * @return that slow callback, or {@code null}
	 */
	public SlowCallback linkBlockingCall(String thread, Instant from, Instant to, String call) {
		for (RecordedFinding recorded : this.journals.get(FindingKind.SLOW_CALLBACK).newestFirst(0)) {
			SlowCallback slow = (SlowCallback) recorded.finding();
			Instant started = slow.time().minus(slow.threshold());
			Instant ended = slow.finished() ? started.plus(slow.duration()) : Instant.MAX;
			if (slow.thread().equals(thread) && !started.isAfter(to) && !ended.isBefore(from)) {
				Duration blocked = Duration.between(from, to);
				return update(FindingKind.SLOW_CALLBACK, recorded.sequence(), slow,
						(now) -> (now.blockingCall() == null) ? lastingAtLeast(now.withBlockingCall(call), blocked) : now);
			}
		}
		return null;
	}

	/**
	 * A finished slow callback lasted at least as long as the blocking call it made: an
	 * event loop's stall is timed by probes, whose start is known to within the probe
	 * interval, a blocking call by the JVM exactly.
	 */
	private static SlowCallback lastingAtLeast(SlowCallback slow, Duration blocked) {
		return (slow.finished() && slow.duration().compareTo(blocked) < 0) ? slow.finish(blocked) : slow;
	}

	/**
	 * The kept findings of {@code kind}, newest first.
	 */
	public List<Finding> list(FindingKind kind) {
		return this.journals.get(kind).newestFirst(0).stream().map(RecordedFinding::finding).toList();
	}

	/**
	 * The kept findings of every kind recorded after {@code sequence}, oldest first.
	 */
	public List<RecordedFinding> since(long sequence) {
		List<RecordedFinding> found = new ArrayList<>();
		this.journals.values().forEach((journal) -> found.addAll(journal.newestFirst(sequence)));
		found.sort(Comparator.comparingLong(RecordedFinding::sequence));
		return found;
	}

	/**
	 * The sequence number of the last recorded finding.
	 */
	public long lastSequence() {
		return this.sequence.get();
	}

	/**
	 * Findings of {@code kind} since the last {@link #clear()}.
	 */
	public long count(FindingKind kind) {
		return this.sinceClear.get(kind).sum();
	}

	/**
	 * Findings of {@code kind} since the engine started; never reset.
	 */
	public long total(FindingKind kind) {
		return this.total.get(kind).sum();
	}

	/**
	 * Slow callbacks on {@code executor} since the last {@link #clear()}.
	 */
	public long slowCallbacks(String executor) {
		LongAdder count = this.slowCallbacksByExecutor.get(executor);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Warm-up set aside instead of being reported.
	 */
	public WarmUp warmUp() {
		return this.warmUp;
	}

	/**
	 * The capacity of each journal.
	 */
	public int journalSize() {
		return this.journals.get(FindingKind.SLOW_CALLBACK).capacity();
	}

	/**
	 * The number of findings kept of {@code kind}; never above {@link #journalSize()}.
	 */
	public int kept(FindingKind kind) {
		return this.journals.get(kind).size();
	}

	/**
	 * Forgets the kept findings and the counts since the last clear.
	 */
	public void clear() {
		this.journals.values().forEach(Journal::clear);
		this.warmUp.clear();
		this.sinceClear.values().forEach(LongAdder::reset);
		this.slowCallbacksByExecutor.clear();
	}

}
