package dev.asyncloop.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Publishers assembled one on top of the other, watched together by a
 * {@link NeverAwaitedWatch}. The integration that sees publishers being assembled
 * keeps the count: {@link #consumed} for a member subscribed or composed for the
 * first time, {@link #extended} for a new member taking the place of one it consumed.
 */
public final class PublisherChain {

	// Plain fields behind handles: set when the chain is made, they cost no fence on
	// the thread assembling the application's publishers.
	private static final VarHandle OPEN = handle("open", int.class);

	private static final VarHandle TYPE = handle("type", String.class);

	private static final VarHandle HANDED = handle("handed", boolean.class);

	private static final VarHandle NURSED = handle("nursed", boolean.class);

	private final NeverAwaitedWatch owner;

	private final AssemblySite site;

	private final long epoch;

	/** The trace the chain was begun in (see {@link TraceContexts}), or {@code null}. */
	private final Object trace;

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
	Object first;

	volatile ChainReference watched;

	PublisherChain(NeverAwaitedWatch owner, AssemblySite site, String type, boolean handed, long epoch,
			Object trace) {
		this.owner = owner;
		this.site = site;
		this.type = type;
		this.handed = handed;
		this.epoch = epoch;
		this.trace = trace;
		this.open = 1;
	}

	private static VarHandle handle(String field, Class<?> type) {
		try {
			return MethodHandles.lookup().findVarHandle(PublisherChain.class, field, type);
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
			ChainReference watched = this.watched;
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
	public void returnedBy(String name, AssemblySite site) {
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
	 * The trace the chain was begun in, or {@code null}.
	 */
	Object trace() {
		return this.trace;
	}

	/**
	 * Where the chain's first member was assembled, or {@code null} when a bean method
	 * returned it.
	 */
	AssemblySite site() {
		return this.site;
	}

	long epoch() {
		return this.epoch;
	}

	/**
	 * The bean method that returned a member, or {@code null}.
	 */
	Returned returned() {
		return this.returned;
	}

	/**
	 * Whether the caller is the one to put this chain into a nursery.
	 */
	boolean claim() {
		return NURSED.compareAndSet(this, false, true);
	}

	/**
	 * A bean method that returned a member, and where it was called.
	 */
	record Returned(String name, AssemblySite site) {
	}

}
