package dev.asyncloop.core.internal;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.time.Instant;

/**
 * A phantom reference on the first member of a {@link PublisherChain} still open:
 * enqueued once that member is garbage collected.
 */
final class ChainReference extends PhantomReference<Object> {

	final PublisherChain chain;

	/** When the chain began to be watched by reference. */
	final Instant since = Instant.now();

	/** The same moment, by {@link System#nanoTime()}, for {@link CollectionNudge}. */
	final long sinceNanos = System.nanoTime();

	ChainReference(Object first, ReferenceQueue<Object> queue, PublisherChain chain) {
		super(first, queue);
		this.chain = chain;
	}

}
