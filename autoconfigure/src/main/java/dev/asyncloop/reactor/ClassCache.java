package dev.asyncloop.reactor;

import java.util.function.Function;

/**
 * What is known per class, looked up on every assembly: a direct-mapped table keyed by
 * the class's identity in front of where it is kept ({@code ClassValue}s). A request
 * through Spring and Reactor Netty assembles about 130 operators, and the hook looks up
 * several classes for each; a {@code ClassValue} reads three objects of each class's own
 * (its map, the map's cache, the entry), most of them out of the processor's cache by
 * the time the class comes round again, where this table reads one slot (or two) of
 * one array and one entry. Entries are immutable, so racing writers lose an entry,
 * never mix two. The table holds at most {@value #SLOTS} classes and is dropped with
 * the tracking that owns it, so it keeps no class of a closed application from being
 * unloaded.
 * @param <V> what is known per class
 */
final class ClassCache<V> {

	private static final int SLOTS = 4096;

	private final Function<Class<?>, V> source;

	private final Entry<?>[] slots = new Entry<?>[SLOTS];

	ClassCache(Function<Class<?>, V> source) {
		this.source = source;
	}

	@SuppressWarnings("unchecked")
	V get(Class<?> type) {
		int hash = System.identityHashCode(type);
		int first = hash & (SLOTS - 1);
		Entry<?> entry = this.slots[first];
		if (entry != null && entry.type == type) {
			return (V) entry.value;
		}
		// Two places per class, so that two classes looked up on every request that
		// share their first place do not take turns at it.
		int second = (hash >>> 16) & (SLOTS - 1);
		Entry<?> other = this.slots[second];
		if (other != null && other.type == type) {
			return (V) other.value;
		}
		V value = this.source.apply(type);
		this.slots[(entry == null) ? first : second] = new Entry<>(type, value);
		return value;
	}

	private record Entry<V>(Class<?> type, V value) {
	}

}
