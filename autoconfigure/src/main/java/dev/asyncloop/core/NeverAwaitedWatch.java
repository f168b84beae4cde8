package dev.asyncloop.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * asyncio's {@code coroutine '...' was never awaited}: publishers the application
 * assembled, or was handed by one of its beans, that become unreachable without ever
 * having been consumed, that is subscribed or composed into another publisher.
 *
 * <p>Publishers are watched by {@link Chain}: a chain begins with a publisher the
 * application assembled and grows with each publisher assembled on top of one of its
 * members that was not consumed yet, which that publisher replaces in the count of its
 * members not consumed yet. Each
 * member holds the one it was assembled on, so the chain's first member stays
 * reachable as long as any member does: a chain whose first member has been garbage
 * collected while its count is above zero dropped a publisher nobody consumed.
 *
 * <p>Starting a chain is cheap. Each thread holds the chain it started last until it
 * starts the next: by then nearly all are consumed and are forgotten on the spot. One
 * still open goes into a small nursery, and every {@value #PROMOTE_EVERY_MILLIS} ms, or
 * when a nursery fills up, the chains still open there get a phantom reference on
 * their first member. The watchdog drains the reference queue. At close,
 * and at the end of a test in test mode, the chains a bean method returned and
 * nobody consumed are reported too, reachable or not.
 */
public final class NeverAwaitedWatch implements Runnable {

	/** How long a new chain may wait in the nursery before it is watched by reference. */
	static final long PROMOTE_EVERY_MILLIS = 100;

	private static final long PROMOTE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(PROMOTE_EVERY_MILLIS);

	private static final int NURSERY_CAPACITY = 256;

	private final Findings findings;

	private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

	/** Chains promoted from the nurseries and still open. */
	private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

	private final Nursery[] nurseries;

	/** The chain each thread started last. */
	private final ThreadLocal<Latest> latest = ThreadLocal.withInitial(this::newLatest);

	private final Set<Latest> latests = ConcurrentHashMap.newKeySet();

	private final int nurseryMask;

	/** Chains started from now on belong to this epoch; see {@link #mark()}. */
	private volatile long epoch;

	private long lastPromotion = System.nanoTime();

	NeverAwaitedWatch(Findings findings) {
		this.findings = findings;
		int stripes = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) << 1;
		this.nurseries = new Nursery[stripes];
		for (int i = 0; i < stripes; i++) {
			this.nurseries[i] = new Nursery();
		}
		this.nurseryMask = stripes - 1;
	}

	/**
	 * Starts a chain whose first member is about to be assembled by the application at
	 * {@code site}; {@link #watch} it once that member exists.
	 * @param type the first member's type, for example {@code Mono}
	 * @param handed whether the application got hold of the first member (see
	 * {@link Chain#handed()})
	 */
	public Chain chain(Site site, String type, boolean handed) {
		return new Chain(this, site, type, handed, this.epoch);
	}

	/**
	 * Starts watching {@code chain}, whose first member is {@code first}.
	 */
	public void watch(Chain chain, Object first) {
		chain.first = first;
		Chain previous = this.latest.get().replace(chain);
		if (previous != null && previous.isOpen()) {
			nurse(previous);
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
	private void nurse(Chain chain) {
		if (chain.claim()) {
			this.nurseries[System.identityHashCode(Thread.currentThread()) & this.nurseryMask].add(chain, this);
		}
	}

	/**
	 * Reports the chains collected while still open; promotes the nurseries' open chains
	 * every {@value #PROMOTE_EVERY_MILLIS} ms. Run by the watchdog.
	 */
	@Override
	public void run() {
		long now = System.nanoTime();
		if (now - this.lastPromotion >= PROMOTE_EVERY_NANOS) {
			this.lastPromotion = now;
			promoteAll();
		}
		Reference<?> reference;
		while ((reference = this.collected.poll()) != null) {
			Watched gone = (Watched) reference;
			this.watched.remove(gone);
			if (gone.chain.isForgotten()) {
				report(gone.chain, gone.since);
			}
		}
	}

	/**
	 * Reports the chains handed out by bean methods and still open, reachable or not,
	 * and forgets every chain; for when the application closes.
	 */
	public void reportUnsubscribed() {
		run();
		promoteAll();
		for (Watched remaining : this.watched) {
			if (remaining.chain.returned != null && remaining.chain.isForgotten()) {
				report(remaining.chain, remaining.since);
			}
			remaining.clear();
		}
		this.watched.clear();
	}

	/**
	 * A mark to pass to {@link #reportUnsubscribedSince} later.
	 */
	public long mark() {
		promoteAll();
		synchronized (this) {
			return ++this.epoch;
		}
	}

	/**
	 * Reports the chains handed out by bean methods after {@code mark} that are still
	 * open, reachable or not; for test mode, where a test that returns without
	 * subscribing what it was handed forgot it. Chains the application only assembled
	 * are reported once collected, as ever: one still reachable may yet be used.
	 */
	public void reportUnsubscribedSince(long mark) {
		run();
		promoteAll();
		for (Watched remaining : this.watched) {
			Chain chain = remaining.chain;
			if (chain.epoch >= mark && chain.returned != null && chain.isForgotten()) {
				forget(remaining);
				report(chain, remaining.since);
			}
		}
	}

	/**
	 * Chains watched now that still have a member nobody consumed.
	 */
	public int watchedCount() {
		promoteAll();
		return (int) this.watched.stream().filter((watched) -> watched.chain.isOpen()).count();
	}

	private void promoteAll() {
		for (Latest latest : this.latests) {
			Chain chain = latest.take();
			if (chain != null && chain.isOpen()) {
				nurse(chain);
			}
			if (latest.isDead()) {
				this.latests.remove(latest);
			}
		}
		for (Nursery nursery : this.nurseries) {
			nursery.promote(this);
		}
	}

	/**
	 * Watches a chain still open by a phantom reference on its first member; called
	 * with its nursery's lock held.
	 */
	private void promote(Chain chain) {
		Object first = chain.first;
		chain.first = null;
		if (first == null || !chain.isOpen()) {
			return;
		}
		Watched watched = new Watched(first, this.collected, chain);
		chain.watched = watched;
		this.watched.add(watched);
		if (!chain.isOpen()) {
			forget(watched); // consumed while it was being promoted
		}
	}

	private void forget(Watched watched) {
		watched.clear();
		this.watched.remove(watched);
	}

	private void report(Chain chain, Instant since) {
		Returned returned = chain.returned;
		if (returned != null) {
			Site site = (returned.site != null) ? returned.site : chain.site;
			if (site != null) {
				site.reported = true;
			}
			this.findings.record(new NeverAwaited(returned.name, chain.type(), true,
					(site != null) ? site.createdAt() : List.of(), since, null));
			return;
		}
		Site site = chain.site;
		site.reported = true;
		this.findings.record(new NeverAwaited(site.name(), chain.type(), false, site.createdAt(), since, null));
	}

	/**
	 * Publishers assembled one on top of the other, watched together: see
	 * {@link NeverAwaitedWatch}. The integration that sees publishers being assembled
	 * keeps the count: {@link #consumed} for a member subscribed or composed for the
	 * first time, {@link #extended} for a new member taking the place of one it consumed.
	 */
	public static final class Chain {

		// Plain fields behind handles: set when the chain is made, they cost no fence on
		// the thread assembling the application's publishers.
		private static final VarHandle OPEN = handle("open", int.class);

		private static final VarHandle TYPE = handle("type", String.class);

		private static final VarHandle HANDED = handle("handed", boolean.class);

		private static final VarHandle NURSED = handle("nursed", boolean.class);

		private final NeverAwaitedWatch owner;

		private final Site site;

		private final long epoch;

		/** Members nobody consumed yet. */
		private int open;

		/** The type of the member that joined last, which is the chain's end. */
		private String type;

		/** Whether the application got hold of a member; only then is the chain its to consume. */
		private boolean handed;

		/** Whether another application in this JVM claimed the chain. */
		private volatile boolean disowned;

		private volatile Returned returned;

		/** Whether it went into a nursery. */
		private boolean nursed;

		/** The first member, held until the chain is promoted or forgotten. */
		private Object first;

		private volatile Watched watched;

		private Chain(NeverAwaitedWatch owner, Site site, String type, boolean handed, long epoch) {
			this.owner = owner;
			this.site = site;
			this.type = type;
			this.handed = handed;
			this.epoch = epoch;
			this.open = 1;
		}

		private static VarHandle handle(String field, Class<?> type) {
			try {
				return MethodHandles.lookup().findVarHandle(Chain.class, field, type);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		/**
		 * Whether this chain belongs to {@code watch}.
		 */
		public boolean belongsTo(NeverAwaitedWatch watch) {
			return this.owner == watch;
		}

		/**
		 * The application got hold of a member: it assembled one itself, or a method it
		 * called returned one. Until then the chain is the framework's, which may keep
		 * publishers it never needs, and is not reported.
		 */
		public void handed() {
			HANDED.setRelease(this, true);
		}

		public boolean isHanded() {
			return (boolean) HANDED.getAcquire(this);
		}

		/**
		 * Another application in this JVM (a second application context, as tests start)
		 * claimed the chain: one of its beans returned a member. That application reports
		 * it; this one does not.
		 */
		public void disown() {
			this.disowned = true;
		}

		/**
		 * A member consumed for the first time was replaced by a new one of type
		 * {@code type}, assembled on top of it: the count stays.
		 */
		public void extended(String type) {
			if (TYPE.getAcquire(this) != type) {
				TYPE.setRelease(this, type);
			}
		}

		/**
		 * A member was subscribed or composed for the first time.
		 */
		public void consumed() {
			if ((int) OPEN.getAndAdd(this, -1) == 1) {
				Watched watched = this.watched;
				if (watched != null) {
					this.owner.forget(watched);
				}
			}
		}

		/**
		 * A bean method named {@code name} (as {@code Class.method}) returned a member
		 * of this chain; {@code site} is where it was called, from the application frame
		 * that called it, or {@code null} if the framework called it.
		 */
		public void returnedBy(String name, Site site) {
			this.returned = new Returned(name, site);
			handed();
		}

		boolean isOpen() {
			return (int) OPEN.getVolatile(this) > 0;
		}

		/**
		 * Whether a member the application got hold of may have been dropped.
		 */
		boolean isForgotten() {
			return isHanded() && !this.disowned && isOpen();
		}

		String type() {
			return (String) TYPE.getAcquire(this);
		}

		/**
		 * Whether the caller is the one to put this chain into a nursery.
		 */
		boolean claim() {
			return NURSED.compareAndSet(this, false, true);
		}

	}

	/**
	 * Where a chain began: the application's frames of the stack that assembled its
	 * first member, innermost first.
	 */
	public static final class Site {

		private static final String SHARED_NOTE = "... the stack of an earlier publisher assembled here: its callers "
				+ "were the same each time they were checked";

		private final StackTraceElement[] frames;

		private final boolean shared;

		private volatile boolean reported;

		/**
		 * @param frames the stack from the application frame that assembled the first
		 * member outward; not empty
		 * @param shared whether this site stands for every chain begun at the same place,
		 * so that its outer frames (the callers) may differ from one chain to another
		 */
		public Site(StackTraceElement[] frames, boolean shared) {
			if (frames.length == 0) {
				throw new IllegalArgumentException("A site needs the frame that assembled the publisher");
			}
			this.frames = frames;
			this.shared = shared;
		}

		/**
		 * This site, standing for every chain begun at the same place.
		 */
		public Site shared() {
			return new Site(this.frames, true);
		}

		/**
		 * The frames, from the application frame that assembled the first member outward.
		 */
		public StackTraceElement[] frames() {
			return this.frames.clone();
		}

		/**
		 * The application method that assembled the first member, as {@code Class.method}.
		 */
		public String name() {
			return TaskNames.methodName(this.frames[0]);
		}

		/**
		 * Whether a chain begun here was reported: a shared site then gives way to exact
		 * ones, so that the next report from this place shows its own callers.
		 */
		public boolean isReported() {
			return this.reported;
		}

		List<String> createdAt() {
			List<String> frames = StackFrames.render(this.frames);
			if (!this.shared || this.frames.length == 1) {
				return frames;
			}
			List<String> noted = new ArrayList<>(frames);
			noted.add(SHARED_NOTE);
			return noted;
		}

	}

	private record Returned(String name, Site site) {
	}

	/**
	 * The chain one thread started last, held strongly until the thread starts another
	 * or the watchdog takes it.
	 */
	private static final class Latest {

		private static final VarHandle CHAIN;

		static {
			try {
				CHAIN = MethodHandles.lookup().findVarHandle(Latest.class, "chain", Chain.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final WeakReference<Thread> thread;

		private Chain chain;

		Latest(Thread thread) {
			this.thread = new WeakReference<>(thread);
		}

		/**
		 * On its own thread: the chain started last is now {@code chain}.
		 * @return the one before, unless the watchdog took it
		 */
		Chain replace(Chain chain) {
			Chain previous = (Chain) CHAIN.getAcquire(this);
			CHAIN.setRelease(this, chain);
			return previous;
		}

		/**
		 * On the watchdog: takes the chain, unless its thread replaces it meanwhile.
		 */
		Chain take() {
			Chain chain = (Chain) CHAIN.getAcquire(this);
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

		private final Chain[] chains = new Chain[NURSERY_CAPACITY];

		private int size;

		synchronized void add(Chain chain, NeverAwaitedWatch watch) {
			this.chains[this.size++] = chain;
			if (this.size == NURSERY_CAPACITY) {
				promote(watch);
			}
		}

		synchronized void promote(NeverAwaitedWatch watch) {
			for (int i = 0; i < this.size; i++) {
				watch.promote(this.chains[i]);
				this.chains[i] = null;
			}
			this.size = 0;
		}

	}

	private static final class Watched extends PhantomReference<Object> {

		final Chain chain;

		final Instant since = Instant.now();

		Watched(Object first, ReferenceQueue<Object> queue, Chain chain) {
			super(first, queue);
			this.chain = chain;
		}

	}

}
