package dev.asyncloop.reactor;

import java.util.concurrent.ThreadLocalRandom;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

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
			return (request != null) ? new ServedHint(request) : null;
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
	 * The request being served when a buffer was allocated, as Netty prints it among the
	 * buffer's records.
	 */
	record ServedHint(String request) {

		static final String PREFIX = "while serving ";

		@Override
		public String toString() {
			return PREFIX + this.request;
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
