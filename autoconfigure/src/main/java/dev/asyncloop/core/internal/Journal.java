package dev.asyncloop.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.asyncloop.core.Finding;

/**
 * The most recent findings of one kind, bounded: when full, the oldest is dropped.
 * Findings are rare, so a lock is fine here; nothing in a task's hot path touches it.
 */
final class Journal {

	private final RecordedFinding[] ring;

	private int next;

	private int size;

	Journal(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
		}
		this.ring = new RecordedFinding[capacity];
	}

	synchronized void add(long sequence, Finding finding) {
		this.ring[this.next] = new RecordedFinding(sequence, finding);
		this.next = (this.next + 1) % this.ring.length;
		this.size = Math.min(this.size + 1, this.ring.length);
	}

	/**
	 * The finding recorded as {@code sequence} as it is now, or {@code null} when it is
	 * no longer kept.
	 */
	synchronized Finding find(long sequence) {
		for (RecordedFinding entry : this.ring) {
			if (entry != null && entry.sequence() == sequence) {
				return entry.finding();
			}
		}
		return null;
	}

	/**
	 * Replaces the finding recorded as {@code sequence}, if it is still kept.
	 */
	synchronized boolean replace(long sequence, Finding finding) {
		for (int i = 0; i < this.ring.length; i++) {
			RecordedFinding entry = this.ring[i];
			if (entry != null && entry.sequence() == sequence) {
				this.ring[i] = new RecordedFinding(sequence, finding);
				return true;
			}
		}
		return false;
	}

	/**
	 * The kept findings recorded after {@code sequence}, newest first.
	 */
	synchronized List<RecordedFinding> newestFirst(long afterSequence) {
		List<RecordedFinding> entries = new ArrayList<>(this.size);
		for (int i = 1; i <= this.size; i++) {
			RecordedFinding entry = this.ring[Math.floorMod(this.next - i, this.ring.length)];
			if (entry.sequence() > afterSequence) {
				entries.add(entry);
			}
		}
		return entries;
	}

	synchronized int size() {
		return this.size;
	}

	int capacity() {
		return this.ring.length;
	}

	synchronized void clear() {
		java.util.Arrays.fill(this.ring, null);
		this.next = 0;
		this.size = 0;
	}

}
