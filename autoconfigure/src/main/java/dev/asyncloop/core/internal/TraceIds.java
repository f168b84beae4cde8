package dev.asyncloop.core.internal;

/**
 * The ids a finding is found by in a tracing system: the W3C trace id of the request
 * and the id of its span, as lowercase hex; both {@code null} when unknown.
 *
 * @param traceId the trace id
 * @param spanId the span id
 */
public record TraceIds(String traceId, String spanId) {

	/** No trace. */
	public static final TraceIds NONE = new TraceIds(null, null);

}
