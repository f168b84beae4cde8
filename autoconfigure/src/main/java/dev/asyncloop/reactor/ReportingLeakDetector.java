package dev.asyncloop.reactor;

import java.util.concurrent.ThreadLocalRandom;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

import dev.asyncloop.core.internal.TraceIds;

/**
 * Netty's leak detector for buffers, as asyncloop has Netty make it: it notes on each
 * buffer it tracks the request being served, tracks more buffers in debug mode, and
 * hands its reports to asyncloop: a leak asyncloop takes as the application's is
 * logged asyncloop's way, any other as Netty always logs it. Otherwise Netty's own.
 */
final class ReportingLeakDetector<T> extends ResourceLeakDetector<T> {

	/**
	 * In debug mode, one buffer in this many more is tracked, besides Netty's own
	 * sampling: at {@code ADVANCED} a tracked buffer takes a stack on every access, and
	 * one in 8 more doubled the time of a small WebFlux request; one in 32 still finds a
	 * leak repeated a hundred times all but surely.
	 */
	static final int DEBUG_SAMPLING = 32;

	private static volatile boolean debugSampling;

	ReportingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
	}

	static void sampleMore(boolean more) {
		debugSampling = more;
	}

	@Override
	public ResourceLeakTracker<T> track(T obj) {
		ResourceLeakTracker<T> tracker = super.track(obj);
		if (tracker == null && debugSampling && getLevel() != Level.DISABLED
				&& ThreadLocalRandom.current().nextInt(DEBUG_SAMPLING) == 0) {
			tracker = trackForcibly(obj);
		}
		return tracker;
	}

	@Override
	protected Object getInitialHint(String resourceType) {
		try {
			String request = LeakReports.servedNow();
			if (request == null) {
				return null;
			}
			TraceIds trace = LeakReports.traceNow();
			return new ServedHint(request, trace.traceId(), trace.spanId());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@Override
	protected boolean needReport() {
		return LeakReports.isListenedTo() || super.needReport();
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		if (!LeakReports.report(resourceType, records)) {
			super.reportTracedLeak(resourceType, records);
		}
	}

	@Override
	protected void reportUntracedLeak(String resourceType) {
		if (!LeakReports.report(resourceType, "")) {
			super.reportUntracedLeak(resourceType);
		}
	}

	/**
	 * The request being served when a buffer was allocated, and its trace when known,
	 * as Netty prints it among the buffer's records: {@code while serving GET /orders in
	 * trace 4bf9... span 00f0...}.
	 */
	record ServedHint(String request, String traceId, String spanId) {

		static final String PREFIX = "while serving ";

		static final String TRACE = " in trace ";

		static final String SPAN = " span ";

		@Override
		public String toString() {
			return PREFIX + this.request + ((this.traceId != null) ? TRACE + this.traceId + SPAN + this.spanId : "");
		}

		/**
		 * The hint {@code text} says, or {@code null} when it is not one.
		 */
		static ServedHint parse(String text) {
			if (!text.startsWith(PREFIX)) {
				return null;
			}
			String served = text.substring(PREFIX.length());
			int trace = served.lastIndexOf(TRACE);
			int span = served.lastIndexOf(SPAN);
			if (trace < 0 || span < trace) {
				return new ServedHint(served, null, null);
			}
			String spanId = served.substring(span + SPAN.length());
			return new ServedHint(served.substring(0, trace), served.substring(trace + TRACE.length(), span),
					spanId.equals("null") ? null : spanId);
		}

	}

	/**
	 * Makes asyncloop's detector for buffers and Netty's own for everything else.
	 */
	static final class Factory extends ResourceLeakDetectorFactory {

		private final ResourceLeakDetectorFactory previous;

		Factory(ResourceLeakDetectorFactory previous) {
			this.previous = previous;
		}

		@Override
		public <R> ResourceLeakDetector<R> newResourceLeakDetector(Class<R> resource, int samplingInterval) {
			if (resource.getName().equals("io.netty.buffer.ByteBuf")) {
				return new ReportingLeakDetector<>(resource, samplingInterval);
			}
			return this.previous.newResourceLeakDetector(resource, samplingInterval);
		}

		@Override
		@Deprecated
		@SuppressWarnings("deprecation")
		public <R> ResourceLeakDetector<R> newResourceLeakDetector(Class<R> resource, int samplingInterval,
				long maxActive) {
			return newResourceLeakDetector(resource, samplingInterval);
		}

	}

}
