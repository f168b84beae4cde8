package dev.asyncloop.core.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Asks the JVM for a garbage collection when a finding waits for one. asyncio reports
 * a coroutine that was never awaited the moment it is dropped (reference counting);
 * the JVM only learns that a publisher or a failed future was dropped when a
 * collection runs, and a quiet application may run none for minutes.
 *
 * <p>Run by the watchdog, once a second it reads how many collections have run. What
 * began waiting before a collection has been judged by it; only when something has
 * waited {@code delay} with no collection since it began does this ask for one
 * (by default {@link System#gc()}; see {@link Collector}), once for everything waiting
 * then. An idle application (nothing waits) and a busy one (collections run more often
 * than {@code delay}) are never asked; {@code -XX:+DisableExplicitGC} turns the request
 * into nothing, and findings then wait for the application's own collections.
 */
public final class CollectionNudge implements Runnable {

	/**
	 * Something that waits for a collection to tell whether what it watches was
	 * dropped.
	 */
	@FunctionalInterface
	public interface Waiting {

		/**
		 * Whether something that began waiting at or after {@code from} and before
		 * {@code until} (both {@link System#nanoTime()}) still waits.
		 */
		boolean waitsBetween(long from, long until);

	}

	/**
	 * How a collection is asked for. {@link #requested()} may return before the
	 * collection has run (a concurrent cycle); {@link #collected()} is called once a
	 * collection has run since.
	 */
	public interface Collector {

		/** Asks for a collection. */
		void requested();

		/** A collection ran after the last request. */
		default void collected() {
		}

	}

	private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final long delayNanos;

	private final LongSupplier collections;

	private volatile Collector collector;

	private final LongSupplier clock;

	private final List<Waiting> waiting = new CopyOnWriteArrayList<>();

	private long lastCheck;

	private long lastCount = -1;

	/** What began waiting before this moment has lived through a collection. */
	private long judgedBefore;

	private long nudges;

	private boolean requestPending;

	public CollectionNudge(long delayNanos) {
		this(delayNanos, CollectionNudge::collectionCount, System::gc, System::nanoTime);
	}

	CollectionNudge(long delayNanos, LongSupplier collections, Runnable collect, LongSupplier clock) {
		this.delayNanos = delayNanos;
		this.collections = collections;
		this.collector = collect::run;
		this.clock = clock;
		this.lastCheck = clock.getAsLong();
		this.judgedBefore = this.lastCheck;
	}

	/**
	 * Asks for collections with {@code collector} from now on, for example for a
	 * concurrent cycle instead of the full, stop-the-world collection that
	 * {@link System#gc()} is with most collectors.
	 */
	public void useCollector(Collector collector) {
		this.collector = collector;
	}

	public void add(Waiting waiting) {
		this.waiting.add(waiting);
	}

	public void remove(Waiting waiting) {
		this.waiting.remove(waiting);
	}

	/**
	 * Lets a request still pending go (its collector puts back what it changed), at
	 * the engine's close: nothing asked for outlives the application.
	 */
	public void close() {
		if (this.requestPending) {
			this.requestPending = false;
			this.collector.collected();
		}
	}

	/**
	 * How many collections this asked for.
	 */
	public long nudges() {
		return this.nudges;
	}

	@Override
	public void run() {
		if (this.requestPending && this.collections.getAsLong() != this.lastCount) {
			// Told at the first tick after the collection, so that a collector that changed
			// the JVM's settings to get it puts them back before it runs another.
			this.requestPending = false;
			this.collector.collected();
		}
		long now = this.clock.getAsLong();
		if (now - this.lastCheck < CHECK_EVERY_NANOS) {
			return;
		}
		long previousCheck = this.lastCheck;
		this.lastCheck = now;
		long count = this.collections.getAsLong();
		if (count != this.lastCount) {
			// One ran since the previous check: what waited before that check was judged.
			this.lastCount = count;
			this.judgedBefore = previousCheck;
		}
		long until = now - this.delayNanos;
		if (until - this.judgedBefore <= 0) {
			return;
		}
		for (Waiting candidate : this.waiting) {
			if (candidate.waitsBetween(this.judgedBefore, until)) {
				this.nudges++;
				this.collector.requested();
				this.requestPending = true;
				this.judgedBefore = now;
				this.lastCount = this.collections.getAsLong();
				return;
			}
		}
	}

	private static long collectionCount() {
		long count = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(0, collector.getCollectionCount());
		}
		return count;
	}

}
