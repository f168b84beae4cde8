package dev.asyncloop.core.internal;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.NeverAwaited;

/**
 * asyncio's {@code coroutine '...' was never awaited}: publishers the application
 * assembled, or was handed by one of its beans, that become unreachable without ever
 * having been consumed, that is subscribed or composed into another publisher.
 *
 * <p>Publishers are watched by {@link PublisherChain}: a chain begins with a publisher
 * the application assembled and grows with each publisher assembled on top of one of
 * its members that was not consumed yet, which that publisher replaces in the count
 * of its members not consumed yet. Each member holds the one it was assembled on, so
 * the chain's first member stays reachable as long as any member does: a chain whose
 * first member has been garbage collected while its count is above zero dropped a
 * publisher nobody consumed.
 *
 * <p>Starting a chain is cheap: new chains wait in a {@link ChainNursery}, and every
 * {@value #PROMOTE_EVERY_MILLIS} ms, or when a nursery fills up, the chains still
 * open there get a phantom reference on their first member. The watchdog drains the
 * reference queue. At close, and at the end of a test in test mode, the chains a bean
 * method returned and nobody consumed are reported too, reachable or not.
 */
public final class NeverAwaitedWatch implements Runnable, CollectionNudge.Waiting {

	/** How long a new chain may wait in the nursery before it is watched by reference. */
	static final long PROMOTE_EVERY_MILLIS = 100;

	private static final long PROMOTE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(PROMOTE_EVERY_MILLIS);

	private final Findings findings;

	private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

	/** Chains promoted from the nursery and still open. */
	private final Set<ChainReference> watched = ConcurrentHashMap.newKeySet();

	private final ChainNursery nursery = new ChainNursery(this::promote);

	/** Chains started from now on belong to this epoch; see {@link #mark()}. */
	private volatile long epoch;

	private long lastPromotion = System.nanoTime();

	public NeverAwaitedWatch(Findings findings) {
		this.findings = findings;
	}

	/**
	 * Starts a chain whose first member is about to be assembled by the application at
	 * {@code site}; {@link #watch} it once that member exists.
	 * @param type the first member's type, for example {@code Mono}
	 * @param handed whether the application got hold of the first member (see
	 * {@link PublisherChain#handed()})
	 */
	public PublisherChain chain(AssemblySite site, String type, boolean handed) {
		return new PublisherChain(this, site, type, handed, this.epoch, this.findings.traces().current());
	}

	/**
	 * Starts watching {@code chain}, whose first member is {@code first}.
	 */
	public void watch(PublisherChain chain, Object first) {
		chain.first = first;
		this.nursery.started(chain);
	}

	/**
	 * Reports the chains collected while still open; promotes the nursery's open chains
	 * every {@value #PROMOTE_EVERY_MILLIS} ms. Run by the watchdog.
	 */
	@Override
	public void run() {
		long now = System.nanoTime();
		if (now - this.lastPromotion >= PROMOTE_EVERY_NANOS) {
			this.lastPromotion = now;
			this.nursery.promoteAll();
		}
		Reference<?> reference;
		while ((reference = this.collected.poll()) != null) {
			ChainReference gone = (ChainReference) reference;
			this.watched.remove(gone);
			if (gone.chain.isForgotten()) {
				report(gone.chain, gone.since);
			}
		}
	}

	/**
	 * Whether a chain watched by reference since between {@code from} and {@code until}
	 * is still open: only a collection can tell whether it was dropped.
	 */
	@Override
	public boolean waitsBetween(long from, long until) {
		for (ChainReference watched : this.watched) {
			if (watched.sinceNanos - from >= 0 && watched.sinceNanos - until < 0 && watched.chain.isOpen()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reports the chains handed out by bean methods and still open, reachable or not,
	 * and forgets every chain; for when the application closes.
	 */
	public void reportUnsubscribed() {
		run();
		this.nursery.promoteAll();
		for (ChainReference remaining : this.watched) {
			if (remaining.chain.returned() != null && remaining.chain.isForgotten()) {
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
		this.nursery.promoteAll();
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
		this.nursery.promoteAll();
		for (ChainReference remaining : this.watched) {
			PublisherChain chain = remaining.chain;
			if (chain.epoch() >= mark && chain.returned() != null && chain.isForgotten()) {
				forget(remaining);
				report(chain, remaining.since);
			}
		}
	}

	/**
	 * Chains watched now that still have a member nobody consumed.
	 */
	public int watchedCount() {
		this.nursery.promoteAll();
		return (int) this.watched.stream().filter((watched) -> watched.chain.isOpen()).count();
	}

	/**
	 * Watches a chain still open by a phantom reference on its first member; called
	 * with its nursery's lock held.
	 */
	private void promote(PublisherChain chain) {
		Object first = chain.first;
		chain.first = null;
		if (first == null || !chain.isOpen()) {
			return;
		}
		ChainReference watched = new ChainReference(first, this.collected, chain);
		chain.watched = watched;
		this.watched.add(watched);
		if (!chain.isOpen()) {
			forget(watched); // consumed while it was being promoted
		}
	}

	void forget(ChainReference watched) {
		watched.clear();
		this.watched.remove(watched);
	}

	private void report(PublisherChain chain, Instant since) {
		TraceIds ids = this.findings.traces().ids(chain.trace());
		PublisherChain.Returned returned = chain.returned();
		if (returned != null) {
			AssemblySite site = (returned.site() != null) ? returned.site() : chain.site();
			if (site != null) {
				site.reported();
			}
			this.findings.record(new NeverAwaited(returned.name(), chain.type(), true,
					(site != null) ? site.createdAt() : List.of(), since, ids.traceId(), ids.spanId()), chain.trace());
			return;
		}
		AssemblySite site = chain.site();
		site.reported();
		this.findings.record(new NeverAwaited(site.name(), chain.type(), false, site.createdAt(), since, ids.traceId(),
				ids.spanId()), chain.trace());
	}

}
