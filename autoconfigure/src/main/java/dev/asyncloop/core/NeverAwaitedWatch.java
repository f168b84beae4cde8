package dev.asyncloop.core;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * asyncio's {@code coroutine '...' was never awaited}: a publisher handed out by the
 * application that becomes unreachable without ever being subscribed. Publishers are
 * watched through phantom references, so that watching keeps nothing alive; the
 * watchdog drains the reference queue. At close, those still unsubscribed are
 * reported too.
 */
public final class NeverAwaitedWatch implements Runnable {

	private final Findings findings;

	private final ApplicationCode applicationCode;

	private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

	private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

	private final AtomicLong watchCount = new AtomicLong();

	NeverAwaitedWatch(Findings findings, ApplicationCode applicationCode) {
		this.findings = findings;
		this.applicationCode = applicationCode;
	}

	/**
	 * Watches {@code publisher}, returned by {@code name} (as {@code Class.method}),
	 * until it is subscribed (it raises {@code subscription}) or collected.
	 * @param type the publisher's type, for example {@code Mono}
	 * @param creationSite where it was returned, or {@code null}
	 */
	public void watch(Object publisher, Subscription subscription, String name, String type, Throwable creationSite) {
		Watched watched = new Watched(publisher, this.collected, subscription, name, type, creationSite,
				this.watchCount.incrementAndGet());
		this.watched.add(watched);
		subscription.watch(this, watched);
	}

	/**
	 * Stops watching a publisher that was subscribed: nothing is left to report.
	 */
	private void forget(Watched watched) {
		watched.clear();
		this.watched.remove(watched);
	}

	/**
	 * Reports the publishers collected without having been subscribed.
	 */
	@Override
	public void run() {
		Reference<?> reference;
		while ((reference = this.collected.poll()) != null) {
			Watched gone = (Watched) reference;
			this.watched.remove(gone);
			if (!gone.subscription.subscribed) {
				report(gone);
			}
		}
	}

	/**
	 * Reports every watched publisher not subscribed yet; for when the application closes.
	 */
	public void reportUnsubscribed() {
		run();
		for (Watched remaining : this.watched) {
			if (!remaining.subscription.subscribed) {
				report(remaining);
			}
		}
		this.watched.clear();
	}

	/**
	 * A mark to pass to {@link #reportUnsubscribedSince} later.
	 */
	public long mark() {
		return this.watchCount.get();
	}

	/**
	 * Reports the publishers watched after {@code mark} that are still unsubscribed,
	 * reachable or not; for test mode, where a test that returns without subscribing
	 * what it was handed forgot it.
	 */
	public void reportUnsubscribedSince(long mark) {
		run();
		for (Watched remaining : this.watched) {
			if (remaining.order > mark && !remaining.subscription.subscribed) {
				forget(remaining);
				report(remaining);
			}
		}
	}

	/**
	 * Publishers watched now.
	 */
	public int watchedCount() {
		return this.watched.size();
	}

	private void report(Watched publisher) {
		this.findings.record(new NeverAwaited(publisher.name, publisher.type,
				(publisher.creationSite != null) ? this.applicationCode.creationFrames(publisher.creationSite) : List.of(),
				publisher.returnedAt, null));
	}

	/**
	 * Raised once the watched publisher is subscribed.
	 */
	public static final class Subscription {

		private volatile boolean subscribed;

		private NeverAwaitedWatch owner;

		private Watched watched;

		/**
		 * The watched publisher was subscribed. Called on every subscription; only the
		 * first does any work.
		 */
		public void subscribed() {
			if (this.subscribed) {
				return;
			}
			this.subscribed = true;
			NeverAwaitedWatch owner;
			Watched watched;
			synchronized (this) {
				owner = this.owner;
				watched = this.watched;
				this.owner = null;
				this.watched = null;
			}
			if (owner != null) {
				owner.forget(watched);
			}
		}

		synchronized void watch(NeverAwaitedWatch owner, Watched watched) {
			if (this.subscribed) {
				owner.forget(watched); // subscribed before it was even watched
				return;
			}
			this.owner = owner;
			this.watched = watched;
		}

		public boolean isSubscribed() {
			return this.subscribed;
		}

	}

	private static final class Watched extends PhantomReference<Object> {

		final Subscription subscription;

		final String name;

		final String type;

		final Throwable creationSite;

		final long order;

		final Instant returnedAt = Instant.now();

		Watched(Object publisher, ReferenceQueue<Object> queue, Subscription subscription, String name, String type,
				Throwable creationSite, long order) {
			super(publisher, queue);
			this.order = order;
			this.subscription = subscription;
			this.name = name;
			this.type = type;
			this.creationSite = creationSite;
		}

	}

}
