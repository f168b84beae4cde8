package dev.asyncloop.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;

/**
 * Tells when a second thread enters what takes one thread at a time (a
 * single-producer sink, a subscriber): a compare-and-set of the thread inside per
 * call, nothing else unless there is a race. A thread re-entering from inside (a
 * subscriber emitting again from {@code onNext}) is not a race.
 */
abstract class SerialGuard {

	private static final VarHandle INSIDE;

	static {
		try {
			INSIDE = MethodHandles.lookup().findVarHandle(SerialGuard.class, "inside", Thread.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final RaceSubject subject;

	@SuppressWarnings("unused") // through INSIDE
	private volatile Thread inside;

	/** What the thread inside is doing, as the report says it: {@code emitting}, {@code inside onNext}. */
	private String activity;

	SerialGuard(RaceSubject subject) {
		this.subject = subject;
	}

	/**
	 * Runs {@code call}, the signal {@code operation}, inside the guard.
	 */
	final <R> R guarded(String operation, Supplier<R> call) {
		boolean first = enter(operation);
		try {
			return call.get();
		}
		finally {
			if (first) {
				leave();
			}
		}
	}

	/**
	 * Runs {@code call}, the signal {@code operation}, inside the guard.
	 */
	final void guarded(String operation, Runnable call) {
		boolean first = enter(operation);
		try {
			call.run();
		}
		finally {
			if (first) {
				leave();
			}
		}
	}

	/**
	 * Enters for {@code operation}.
	 * @return whether the caller must {@link #leave()} when done: it is the first
	 * thread inside
	 */
	private boolean enter(String operation) {
		Thread current = Thread.currentThread();
		Thread other = (Thread) INSIDE.compareAndExchange(this, null, current);
		if (other == null) {
			this.activity = operation;
			return true;
		}
		if (other != current) {
			raced(operation, other);
		}
		return false;
	}

	private void leave() {
		INSIDE.setRelease(this, null);
	}

	private void raced(String operation, Thread other) {
		try {
			String activity = this.activity;
			RaceHooks.raced(this.subject, describe(operation), other,
					(activity != null) ? "inside " + describe(activity) : "inside", consequence());
		}
		catch (Throwable ex) {
			// asyncloop's own failure never reaches the application's signal
		}
	}

	/**
	 * {@code operation} as the report names it, for example {@code FluxSink.next}.
	 */
	abstract String describe(String operation);

	/**
	 * What follows from a race here, in a few words.
	 */
	abstract String consequence();

}
