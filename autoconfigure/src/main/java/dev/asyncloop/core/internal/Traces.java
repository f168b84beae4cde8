package dev.asyncloop.core.internal;

import dev.asyncloop.core.Finding;

/**
 * A distributed-tracing system as asyncloop sees it: which trace a thread works for,
 * and where a finding about that work goes in it. An integration supplies it when the
 * application traces its requests (Micrometer Tracing); without one, findings carry
 * no trace.
 *
 * <p>A trace is the tracing system's own object (an observation, a span), kept as it
 * is: its ids are only read when a finding needs them.
 */
public interface Traces {

	/**
	 * Nothing is traced.
	 */
	Traces NONE = new Traces() {

		@Override
		public Object current() {
			return null;
		}

		@Override
		public Object servedOn(Thread thread) {
			return null;
		}

		@Override
		public TraceIds ids(Object trace) {
			return TraceIds.NONE;
		}

		@Override
		public void annotate(Object trace, Finding finding) {
		}

	};

	/**
	 * The trace the calling thread works for, or {@code null}; kept with work it
	 * submits. Called once per submitted task: cheap, and allocating nothing where
	 * nothing is traced.
	 */
	Object current();

	/**
	 * The trace of the request {@code thread} serves right now, or {@code null}: a
	 * finding about a thread (a stalled event loop) made on another one. Called only
	 * when a finding is made.
	 */
	Object servedOn(Thread thread);

	/**
	 * The ids of {@code trace}, never {@code null}.
	 */
	TraceIds ids(Object trace);

	/**
	 * Puts {@code finding} in {@code trace}: an event on its span while that is open.
	 */
	void annotate(Object trace, Finding finding);

}
