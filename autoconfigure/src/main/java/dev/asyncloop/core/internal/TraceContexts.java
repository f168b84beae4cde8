package dev.asyncloop.core.internal;

import dev.asyncloop.core.Finding;

/**
 * The application's {@link Traces}, {@link Traces#NONE} until an integration supplies
 * them, as every part of the engine asks for them. A failure of the tracing system is
 * reported as asyncloop's own and costs the finding its trace, never the finding or
 * the user's task.
 */
public final class TraceContexts {

	private final InternalErrors errors;

	private volatile Traces traces = Traces.NONE;

	public TraceContexts(InternalErrors errors) {
		this.errors = errors;
	}

	/**
	 * Traces that stay {@link Traces#NONE}: for what never asks for one.
	 */
	public static TraceContexts none() {
		return new TraceContexts(new InternalErrors(System.getLogger("dev.asyncloop.AsyncLoop")));
	}

	/**
	 * Uses {@code traces} from now on.
	 */
	public void use(Traces traces) {
		this.traces = (traces != null) ? traces : Traces.NONE;
	}

	/**
	 * Stops using {@code traces}, if they are the ones in use.
	 */
	public void release(Traces traces) {
		if (this.traces == traces) {
			this.traces = Traces.NONE;
		}
	}

	/**
	 * The trace the calling thread works for, or {@code null}; see {@link Traces#current()}.
	 */
	public Object current() {
		Traces traces = this.traces;
		if (traces == Traces.NONE) {
			return null;
		}
		try {
			return traces.current();
		}
		catch (Throwable ex) {
			this.errors.report("reading the current trace", ex);
			return null;
		}
	}

	/**
	 * The trace a finding about {@code task} on {@code thread} belongs to: the one the
	 * task was submitted in, else the request the thread serves.
	 * @param task the task running on the thread, or {@code null}
	 * @param thread the thread, or {@code null}
	 */
	public Object of(TrackedTask task, Thread thread) {
		Object trace = (task != null) ? task.trace() : null;
		if (trace != null || thread == null) {
			return trace;
		}
		Traces traces = this.traces;
		if (traces == Traces.NONE) {
			return null;
		}
		try {
			return traces.servedOn(thread);
		}
		catch (Throwable ex) {
			this.errors.report("reading the trace served on " + thread.getName(), ex);
			return null;
		}
	}

	/**
	 * The trace of the work on the calling thread, for a finding made on it: the
	 * thread's own, else the one {@code task} (running there, or {@code null}) was
	 * submitted in, else the request the thread serves.
	 */
	public Object here(TrackedTask task) {
		Object trace = current();
		return (trace != null) ? trace : of(task, Thread.currentThread());
	}

	/**
	 * The ids of {@code trace}; {@link TraceIds#NONE} for {@code null}.
	 */
	public TraceIds ids(Object trace) {
		if (trace == null) {
			return TraceIds.NONE;
		}
		try {
			TraceIds ids = this.traces.ids(trace);
			return (ids != null) ? ids : TraceIds.NONE;
		}
		catch (Throwable ex) {
			this.errors.report("reading trace ids", ex);
			return TraceIds.NONE;
		}
	}

	/**
	 * Puts {@code finding} in {@code trace}, if there is one.
	 */
	void annotate(Object trace, Finding finding) {
		if (trace == null) {
			return;
		}
		try {
			this.traces.annotate(trace, finding);
		}
		catch (Throwable ex) {
			this.errors.report("adding a finding to its trace", ex);
		}
	}

}
