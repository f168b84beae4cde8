package dev.asyncloop.tracing;

import java.util.Locale;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import dev.asyncloop.core.Finding;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.Places;
import dev.asyncloop.core.internal.TraceIds;
import dev.asyncloop.core.internal.Traces;

/**
 * The application's Micrometer Tracing, as asyncloop sees it. A trace is the current
 * {@link Observation} (the request's, or one opened inside it), else the current
 * {@link Span} of a tracer used directly, else the observation of the request the
 * thread serves (a WebFlux handler runs on an event loop where none of them is
 * current). Its span is looked up only when a finding is made: an observation's
 * own, else its nearest parent's.
 */
public final class ObservationTraces implements Traces {

	/** The span tag that names the kind of the last finding added to a span. */
	static final String FINDING_TAG = "asyncloop.finding";

	/** How far up the parents of an observation a span is looked for. */
	private static final int MAX_PARENTS = 32;

	private final ObservationRegistry registry;

	private final Tracer tracer;

	private final Function<Thread, Object> served;

	private final ApplicationCode applicationCode;

	/**
	 * @param registry the application's observations
	 * @param tracer its tracer
	 * @param served the observation of the request a thread serves, or {@code null}
	 * @param applicationCode which frames are the application's, to say where a finding
	 * is in the span's event
	 */
	public ObservationTraces(ObservationRegistry registry, Tracer tracer, Function<Thread, Object> served,
			ApplicationCode applicationCode) {
		this.registry = registry;
		this.tracer = tracer;
		this.served = (served != null) ? served : (thread) -> null;
		this.applicationCode = applicationCode;
	}

	@Override
	public Object current() {
		Observation observation = this.registry.getCurrentObservation();
		if (observation != null) {
			return observation;
		}
		Span span = this.tracer.currentSpan();
		if (span != null) {
			return span;
		}
		return this.served.apply(Thread.currentThread());
	}

	@Override
	public Object servedOn(Thread thread) {
		return this.served.apply(thread);
	}

	@Override
	public TraceIds ids(Object trace) {
		Span span = spanOf(trace);
		if (span == null) {
			return TraceIds.NONE;
		}
		TraceContext context = span.context();
		String traceId = context.traceId();
		if (traceId == null || traceId.isEmpty() || isZeros(traceId)) {
			return TraceIds.NONE;
		}
		String spanId = context.spanId();
		return new TraceIds(traceId, (spanId == null || spanId.isEmpty()) ? null : spanId);
	}

	/**
	 * Adds the finding to the span as an event (what happened, where in the
	 * application's code) and tags the span with its kind. A span that has ended
	 * already is left as it was by the tracer.
	 */
	@Override
	public void annotate(Object trace, Finding finding) {
		Span span = spanOf(trace);
		if (span == null || span.isNoop()) {
			return;
		}
		String place = Places.of(finding.where(), this.applicationCode);
		span.event("asyncloop " + finding.summary() + (place.isEmpty() ? "" : " at " + place));
		span.tag(FINDING_TAG, kindName(finding));
	}

	static String kindName(Finding finding) {
		return finding.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static Span spanOf(Object trace) {
		if (trace instanceof Span span) {
			return span;
		}
		Observation.ContextView context = (trace instanceof Observation observation) ? observation.getContextView()
				: (trace instanceof Observation.ContextView view) ? view : null;
		for (int parents = 0; context != null && parents <= MAX_PARENTS; parents++) {
			TracingObservationHandler.TracingContext tracing = context
				.get(TracingObservationHandler.TracingContext.class);
			if (tracing != null && tracing.getSpan() != null) {
				return tracing.getSpan();
			}
			ObservationView parent = context.getParentObservation();
			context = (parent != null) ? parent.getContextView() : null;
		}
		return null;
	}

	private static boolean isZeros(String id) {
		for (int i = 0; i < id.length(); i++) {
			if (id.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

}
