package dev.asyncloop.reactor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.function.Function;

import dev.asyncloop.core.internal.TraceContexts;
import dev.asyncloop.core.internal.TraceIds;

/**
 * Where the leak reports of Netty's buffer leak detector go, JVM-wide (the detector
 * is one per JVM): every engine's {@link BufferLeaks} that listens. Also what tells
 * the detector which request a thread is serving, to note it on each buffer it tracks.
 */
final class LeakReports {

	private static final List<BiPredicate<String, String>> listeners = new CopyOnWriteArrayList<>();

	private static volatile Function<Thread, String> requests;

	private static volatile TraceContexts traces;

	private LeakReports() {
	}

	/**
	 * Adds a listener: it answers whether it takes the leak as the application's.
	 */
	static void add(BiPredicate<String, String> listener) {
		listeners.add(listener);
	}

	static void remove(BiPredicate<String, String> listener) {
		listeners.remove(listener);
	}

	static boolean isListenedTo() {
		return !listeners.isEmpty();
	}

	/**
	 * A leak of {@code resourceType}, with Netty's access records.
	 * @return whether a listener took it as the application's; if none did, it is the
	 * framework's own and Netty reports it as it always does
	 */
	static boolean report(String resourceType, String records) {
		boolean taken = false;
		for (BiPredicate<String, String> listener : listeners) {
			taken |= listener.test(resourceType, records);
		}
		return taken;
	}

	/**
	 * Notes on each buffer tracked from now on the request its thread serves, as
	 * {@code describer} tells it, and the request's trace.
	 */
	static synchronized void describeRequestsWith(Function<Thread, String> describer, TraceContexts tracing) {
		requests = describer;
		traces = tracing;
	}

	static synchronized void stopDescribing(Function<Thread, String> describer) {
		if (requests == describer) {
			requests = null;
			traces = null;
		}
	}

	/**
	 * The request the current thread is serving, or {@code null}.
	 */
	static String servedNow() {
		Function<Thread, String> describer = requests;
		return (describer != null) ? describer.apply(Thread.currentThread()) : null;
	}

	/**
	 * The ids of the trace the current thread works for.
	 */
	static TraceIds traceNow() {
		TraceContexts tracing = traces;
		return (tracing != null) ? tracing.ids(tracing.current()) : TraceIds.NONE;
	}

}
