package dev.asyncloop.futures;

import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.Function;

import dev.asyncloop.core.internal.TaskNames;

/**
 * The JDK's futures that failed and whose exception nobody has looked at yet, held
 * weakly: one that is garbage collected while still here was never looked at, which
 * is asyncio's rule for {@code Task exception was never retrieved}. A future looked at
 * late (its {@code get()} two seconds after it failed) leaves before it is collected
 * and is not reported.
 *
 * <p>Only failures are kept (and, in debug mode, where each future was made), so the
 * futures that succeed cost a look at an empty map when they are looked at.
 */
final class FailedFutures {

	/** Futures of asyncloop's own executors: their failures are watched there already. */
	private static final String OWN_FUTURES = "dev.asyncloop.scheduling.";

	private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

	private final Map<Object, Failure> failed = new ConcurrentHashMap<>();

	private final SiteTable sites = new SiteTable();

	private final List<Consumer<Failure>> listeners = new CopyOnWriteArrayList<>();

	/** The trace the failing thread works for; read only when a future fails. */
	private volatile Supplier<Object> traces = () -> null;

	/** Reads the exception of a future's encoded result, or {@code null} for a value. */
	private final Function<Object, Throwable> decode;

	FailedFutures(Function<Object, Throwable> decode) {
		this.decode = decode;
	}

	/** Where each function's futures are made; taken the first time a function's class is seen. */
	private final ClassValue<Site> sitesByFunction = new ClassValue<>() {
		@Override
		protected Site computeValue(Class<?> type) {
			return new Site(TaskNames.className(type), new CreationSite());
		}
	};

	/** Where the application makes futures by hand, by place; a stack taken the first time a place is seen. */
	private final Map<String, Site> sitesByPlace = new ConcurrentHashMap<>();

	void addListener(Consumer<Failure> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Notes on each failure from now on the trace its thread works for, as
	 * {@code traces} tells it.
	 */
	void traceWith(Supplier<Object> traces) {
		this.traces = traces;
	}

	/**
	 * Stops noting traces, if {@code traces} tells them.
	 */
	void stopTracingWith(Supplier<Object> traces) {
		if (this.traces == traces) {
			this.traces = () -> null;
		}
	}

	void removeListener(Consumer<Failure> listener) {
		this.listeners.remove(listener);
	}

	/**
	 * A future was made from {@code function}: remember where, in case it fails. One
	 * made already failed (its source had failed, or its function threw at once) is kept
	 * here, before anybody else can see it.
	 */
	void created(Object future, Object function) {
		if (!(future instanceof Future<?> made) || isOwn(future)) {
			return;
		}
		Failure failure = null;
		if (function != null) {
			Site site = this.sitesByFunction.get(function.getClass());
			this.sites.remember(future, site);
			// It may have failed on another thread already, and recalled no site: keep()
			// publishes a failure before it recalls the site, this remembers the site before
			// it looks for a failure, so one of the two sees the other.
			VarHandle.fullFence();
			failure = this.failed.isEmpty() ? null : this.failed.get(new Lookup(future));
			if (failure != null) {
				failure.learn(site);
			}
		}
		if (made.isDone() && failure == null) {
			keep(future, failureOf(future));
		}
	}

	/**
	 * The application made {@code future} itself at {@code place} (a frame as a stack
	 * renders it): remember where, in case it fails. It is new: nobody else has seen it,
	 * and it cannot have failed yet.
	 */
	void madeByHand(Object future, Object place) {
		Site site = this.sitesByPlace.get(place);
		if (site == null) {
			site = this.sitesByPlace.computeIfAbsent((String) place, (key) -> new Site(madeIn(key), new CreationSite()));
		}
		this.sites.remember(future, site);
	}

	/** {@code Class.method} of a place {@code com.example.Class.method(File.java:12)}. */
	private static String madeIn(String place) {
		int call = place.indexOf('(');
		String method = (call >= 0) ? place.substring(0, call) : place;
		int dot = method.lastIndexOf('.');
		int packageEnd = (dot > 0) ? method.lastIndexOf('.', dot - 1) : -1;
		return method.substring(packageEnd + 1);
	}

	/**
	 * {@code future} is about to complete with {@code outcome}: an exception, or its
	 * encoded result, which {@link #decode} reads. Kept if it is a failure, before the
	 * result is visible to anybody who might look at it.
	 */
	void failing(Object future, Object outcome) {
		if (!isOwn(future)) {
			keep(future, (outcome instanceof Throwable error) ? error : this.decode.apply(outcome));
		}
	}

	/**
	 * The completion announced by {@link #failing} did not happen.
	 */
	void notFailed(Object future) {
		this.failed.remove(new Lookup(future));
	}

	private void keep(Object future, Throwable failure) {
		if (failure instanceof CompletionException && failure.getCause() != null) {
			failure = failure.getCause();
		}
		if (failure == null || failure instanceof CancellationException) {
			return;
		}
		if (hasDependents(future)) {
			return; // the stages that depend on it receive the exception
		}
		Failure found = new Failure(failure, Thread.currentThread(), System.nanoTime(), this.traces.get());
		Failure earlier = this.failed.put(new Key(future, this.collected), found);
		found.learn((earlier != null && earlier.site != null) ? earlier.site : this.sites.recall(future));
		// A stage may have been made to depend on it since the look above, and been seen
		// as observing it before the failure was kept here: the stage adds itself before it
		// is seen, this keeps the failure before it looks again, so one sees the other.
		if (hasDependents(future)) {
			this.failed.remove(new Lookup(future), found);
		}
	}

	private static boolean hasDependents(Object future) {
		return future instanceof CompletableFuture<?> completable && completable.getNumberOfDependents() > 0;
	}

	/**
	 * Somebody looked at {@code future}'s outcome, or a stage now depends on it.
	 */
	void observed(Object future) {
		if (!this.failed.isEmpty() && future != null) {
			this.failed.remove(new Lookup(future));
		}
	}

	/**
	 * Hands the failures of futures collected since the last call to the listeners.
	 */
	void drain() {
		Reference<?> reference;
		while ((reference = this.collected.poll()) != null) {
			Failure failure = this.failed.remove(reference);
			if (failure != null) {
				for (Consumer<Failure> listener : this.listeners) {
					listener.accept(failure);
				}
			}
		}
	}

	/**
	 * Forgets everything: the instrumentation is gone.
	 */
	void clear() {
		this.failed.clear();
	}

	/**
	 * Whether a future that failed between {@code from} and {@code until} (as
	 * {@link System#nanoTime()}) is still unobserved: only a collection can tell
	 * whether it was dropped.
	 */
	boolean waitsBetween(long from, long until) {
		for (Failure failure : this.failed.values()) {
			if (failure.failedAt - from >= 0 && failure.failedAt - until < 0) {
				return true;
			}
		}
		return false;
	}

	int pending() {
		return this.failed.size();
	}

	private static boolean isOwn(Object future) {
		return future.getClass().getName().startsWith(OWN_FUTURES);
	}

	/**
	 * The exception of a completed future, read without blocking; {@code null} when it
	 * succeeded (a {@code FutureTask} is never made complete).
	 */
	private static Throwable failureOf(Object future) {
		if (!(future instanceof CompletableFuture<?> completable) || !completable.isCompletedExceptionally()) {
			return null;
		}
		try {
			completable.getNow(null);
			return null;
		}
		catch (CompletionException | CancellationException ex) {
			return ex;
		}
	}

	/**
	 * Where futures made from one function are made, and the function's name.
	 */
	record Site(String name, Throwable stack) {
	}

	/**
	 * Which site each recently made future came from, without holding the futures or
	 * allocating anything per future: one slot per identity hash, overwritten by later
	 * futures. A future that fails soon after it was made (nearly all do) still finds its
	 * site; one made a long, busy while before it failed may have lost it, and is then
	 * reported without {@code createdAt}.
	 */
	private static final class SiteTable {

		private static final int SLOTS = 1 << 15;

		private final int[] hashes = new int[SLOTS];

		private final Site[] sites = new Site[SLOTS];

		void remember(Object future, Site site) {
			int hash = System.identityHashCode(future);
			int slot = hash & (SLOTS - 1);
			this.sites[slot] = site;
			this.hashes[slot] = hash;
		}

		Site recall(Object future) {
			int hash = System.identityHashCode(future);
			int slot = hash & (SLOTS - 1);
			Site site = this.sites[slot];
			return (this.hashes[slot] == hash) ? site : null;
		}

	}

	/**
	 * A failure nobody has looked at: the exception, the thread it failed on, when (as
	 * {@link System#nanoTime()}), and where the future was made when known, which may
	 * become known after it failed.
	 */
	static final class Failure {

		private final Throwable error;

		private final Thread thread;

		private final long failedAt;

		private final Object trace;

		private volatile Site site;

		Failure(Throwable error, Thread thread, long failedAt, Object trace) {
			this.error = error;
			this.thread = thread;
			this.failedAt = failedAt;
			this.trace = trace;
		}

		/** Where the future was made, once known; never forgotten again. */
		void learn(Site site) {
			if (site != null) {
				this.site = site;
			}
		}

		Throwable error() {
			return this.error;
		}

		Thread thread() {
			return this.thread;
		}

		long failedAt() {
			return this.failedAt;
		}

		/** The trace the thread it failed on worked for, or {@code null}. */
		Object trace() {
			return this.trace;
		}

		Site site() {
			return this.site;
		}

	}

	/**
	 * The stack of the code that made a future, rendered only when reported.
	 */
	static final class CreationSite extends Throwable {

		CreationSite() {
			super("created here", null, false, true);
		}

	}

	/**
	 * A future as a key, held weakly, equal to another key of the same future.
	 */
	private static final class Key extends WeakReference<Object> {

		private final int hash;

		Key(Object future, ReferenceQueue<Object> queue) {
			super(future, queue);
			this.hash = System.identityHashCode(future);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

		@Override
		public boolean equals(Object other) {
			if (this == other) {
				return true;
			}
			Object future = get();
			return future != null && ((other instanceof Key key && key.get() == future)
					|| (other instanceof Lookup lookup && lookup.future == future));
		}

	}

	/**
	 * A future as a key to look up, held for the lookup only.
	 */
	private static final class Lookup {

		private final Object future;

		Lookup(Object future) {
			this.future = future;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.future);
		}

		@Override
		public boolean equals(Object other) {
			return this == other || (other instanceof Key key && key.get() == this.future);
		}

	}

}
