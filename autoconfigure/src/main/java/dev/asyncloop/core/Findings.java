package dev.asyncloop.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything asyncloop found: one bounded {@link Journal} per kind, counts, and the
 * listeners that report findings (log, metrics, JFR, test mode).
 */
public final class Findings {

	private final Map<FindingKind, Journal> journals = new EnumMap<>(FindingKind.class);

	private final Map<FindingKind, LongAdder> sinceClear = new EnumMap<>(FindingKind.class);

	private final Map<FindingKind, LongAdder> total = new EnumMap<>(FindingKind.class);

	private final Map<String, LongAdder> slowCallbacksByExecutor = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final List<FindingListener> listeners = new CopyOnWriteArrayList<>();

	private final TaskRegistry registry;

	Findings(int journalSize, TaskRegistry registry) {
		this.registry = registry;
		for (FindingKind kind : FindingKind.values()) {
			this.journals.put(kind, new Journal(journalSize));
			this.sinceClear.put(kind, new LongAdder());
			this.total.put(kind, new LongAdder());
		}
	}

	public void addListener(FindingListener listener) {
		this.listeners.add(listener);
	}

	public void removeListener(FindingListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Records a new finding and tells every listener.
	 * @return the finding's sequence number, to {@link #update} it later
	 */
	public long record(Finding finding) {
		long sequence = this.sequence.incrementAndGet();
		this.journals.get(finding.kind()).add(sequence, finding);
		this.sinceClear.get(finding.kind()).increment();
		this.total.get(finding.kind()).increment();
		if (finding instanceof SlowCallback slow) {
			this.slowCallbacksByExecutor.computeIfAbsent(slow.executor(), (name) -> new LongAdder()).increment();
		}
		for (FindingListener listener : this.listeners) {
			try {
				listener.recorded(finding);
			}
			catch (Throwable ex) {
				this.registry.internalError("reporting a finding to " + listener, ex);
			}
		}
		return sequence;
	}

	/**
	 * Replaces the finding recorded as {@code sequence} (if still kept) and tells every
	 * listener.
	 */
	public void update(long sequence, Finding previous, Finding current) {
		this.journals.get(current.kind()).replace(sequence, current);
		for (FindingListener listener : this.listeners) {
			try {
				listener.updated(previous, current);
			}
			catch (Throwable ex) {
				this.registry.internalError("reporting a finding to " + listener, ex);
			}
		}
	}

	/**
	 * The finding recorded as {@code sequence} as it is now (it may have been updated),
	 * or {@code null} when it is no longer kept.
	 */
	public Finding find(FindingKind kind, long sequence) {
		for (RecordedFinding recorded : this.journals.get(kind).newestFirst(sequence - 1)) {
			if (recorded.sequence() == sequence) {
				return recorded.finding();
			}
		}
		return null;
	}

	/**
	 * Names {@code call} in the slow callback of {@code thread} that was running during
	 * the interval, if there is one: the blocking call is why it was slow.
	 * @return that slow callback, or {@code null}
	 */
	public SlowCallback linkBlockingCall(String thread, java.time.Instant from, java.time.Instant to, String call) {
		for (RecordedFinding recorded : this.journals.get(FindingKind.SLOW_CALLBACK).newestFirst(0)) {
			SlowCallback slow = (SlowCallback) recorded.finding();
			java.time.Instant started = slow.time().minus(slow.threshold());
			java.time.Instant ended = slow.finished() ? started.plus(slow.duration()) : java.time.Instant.MAX;
			if (slow.thread().equals(thread) && !started.isAfter(to) && !ended.isBefore(from)) {
				if (slow.blockingCall() == null) {
					update(recorded.sequence(), slow, slow.withBlockingCall(call));
				}
				return slow;
			}
		}
		return null;
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
		this.sinceClear.values().forEach(LongAdder::reset);
		this.slowCallbacksByExecutor.clear();
	}

}
