package dev.asyncloop.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where new {@link PublisherChain}s wait before they are watched by reference, so
 * that starting a chain stays cheap. Each thread holds the chain it started last
 * until it starts the next: by then nearly all are consumed and are forgotten on the
 * spot. One still open goes into a small nursery; {@link #promoteAll} hands the
 * chains still open in the nurseries over to be watched, as does a nursery that
 * fills up.
 */
final class ChainNursery {

	private static final int CAPACITY = 256;

	/** Takes a chain still open out of the nursery; called with the nursery's lock held. */
	private final Consumer<PublisherChain> promote;

	private final Nursery[] nurseries;

	private final int nurseryMask;

	/** The chain each thread started last. */
	private final ThreadLocal<Latest> latest = ThreadLocal.withInitial(this::newLatest);

	private final Set<Latest> latests = ConcurrentHashMap.newKeySet();

	ChainNursery(Consumer<PublisherChain> promote) {
		this.promote = promote;
		int stripes = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) << 1;
		this.nurseries = new Nursery[stripes];
		for (int i = 0; i < stripes; i++) {
			this.nurseries[i] = new Nursery();
		}
		this.nurseryMask = stripes - 1;
	}

	/**
	 * On the thread that started {@code chain}: it is that thread's latest now, and the
	 * one before goes into a nursery if it is still open.
	 */
	void started(PublisherChain chain) {
		PublisherChain previous = this.latest.get().replace(chain);
		if (previous != null && previous.isOpen()) {
			nurse(previous);
		}
	}

	/**
	 * Hands over every chain still open: each thread's latest, and those in the nurseries.
	 */
	void promoteAll() {
		for (Latest latest : this.latests) {
			PublisherChain chain = latest.take();
			if (chain != null && chain.isOpen()) {
				nurse(chain);
			}
			if (latest.isDead()) {
				this.latests.remove(latest);
			}
		}
		for (Nursery nursery : this.nurseries) {
			nursery.promote(this.promote);
		}
	}

	private Latest newLatest() {
		Latest latest = new Latest(Thread.currentThread());
		this.latests.add(latest);
		return latest;
	}

	/**
	 * Puts a chain still open into a nursery, once.
	 */
	private void nurse(PublisherChain chain) {
		if (chain.claim()) {
			this.nurseries[System.identityHashCode(Thread.currentThread()) & this.nurseryMask].add(chain, this.promote);
		}
	}

	/**
	 * The chain one thread started last, held strongly until the thread starts another
	 * or the watchdog takes it.
	 */
	private static final class Latest {

		private static final VarHandle CHAIN;

		static {
			try {
				CHAIN = MethodHandles.lookup().findVarHandle(Latest.class, "chain", PublisherChain.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final WeakReference<Thread> thread;

		private PublisherChain chain;

		Latest(Thread thread) {
			this.thread = new WeakReference<>(thread);
		}

		/**
		 * On its own thread: the chain started last is now {@code chain}.
		 * @return the one before, unless the watchdog took it
		 */
		PublisherChain replace(PublisherChain chain) {
			PublisherChain previous = (PublisherChain) CHAIN.getAcquire(this);
			CHAIN.setRelease(this, chain);
			return previous;
		}

		/**
		 * On the watchdog: takes the chain, unless its thread replaces it meanwhile.
		 */
		PublisherChain take() {
			PublisherChain chain = (PublisherChain) CHAIN.getAcquire(this);
			return (chain != null && CHAIN.compareAndSet(this, chain, null)) ? chain : null;
		}

		boolean isDead() {
			Thread thread = this.thread.get();
			return thread == null || !thread.isAlive();
		}

	}

	/**
	 * New chains of a few threads, held strongly until promoted or forgotten.
	 */
	private static final class Nursery {

		private final PublisherChain[] chains = new PublisherChain[CAPACITY];

		private int size;

		synchronized void add(PublisherChain chain, Consumer<PublisherChain> promote) {
			this.chains[this.size++] = chain;
			if (this.size == CAPACITY) {
				promote(promote);
			}
		}

		synchronized void promote(Consumer<PublisherChain> promote) {
			for (int i = 0; i < this.size; i++) {
				promote.accept(this.chains[i]);
				this.chains[i] = null;
			}
			this.size = 0;
		}

	}

}
