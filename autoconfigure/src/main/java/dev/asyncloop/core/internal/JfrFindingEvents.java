package dev.asyncloop.core.internal;

import jdk.jfr.FlightRecorder;

import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.FindingListener;
import dev.asyncloop.core.internal.JfrFindingEventTypes.BlockingCallEvent;
import dev.asyncloop.core.internal.JfrFindingEventTypes.FindingEvent;
import dev.asyncloop.core.internal.JfrFindingEventTypes.NeverAwaitedEvent;
import dev.asyncloop.core.internal.JfrFindingEventTypes.ResourceLeakEvent;
import dev.asyncloop.core.internal.JfrFindingEventTypes.SlowCallbackEvent;
import dev.asyncloop.core.internal.JfrFindingEventTypes.ThreadSafetyEvent;
import dev.asyncloop.core.internal.JfrFindingEventTypes.UnretrievedExceptionEvent;

/**
 * Every finding as a JDK Flight Recorder event, so that a recording opened in JDK
 * Mission Control shows asyncloop's findings on the timeline beside the JVM's own
 * events. Costs nothing while no recording runs: an event not enabled is not built.
 */
public final class JfrFindingEvents implements FindingListener {

	/**
	 * Registers the event types, so that recordings know them from the start.
	 * @return the listener to add to an engine's findings
	 */
	public static JfrFindingEvents register() {
		FlightRecorder.register(SlowCallbackEvent.class);
		FlightRecorder.register(BlockingCallEvent.class);
		FlightRecorder.register(NeverAwaitedEvent.class);
		FlightRecorder.register(UnretrievedExceptionEvent.class);
		FlightRecorder.register(ThreadSafetyEvent.class);
		FlightRecorder.register(ResourceLeakEvent.class);
		return new JfrFindingEvents();
	}

	/**
	 * Whether this JVM has the JDK Flight Recorder.
	 */
	public static boolean isAvailable() {
		try {
			Class.forName("jdk.jfr.FlightRecorder");
			return FlightRecorder.isAvailable();
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	@Override
	public void recorded(Finding finding) {
		FindingEvent event = switch (finding.kind()) {
			case SLOW_CALLBACK -> new SlowCallbackEvent();
			case BLOCKING_CALL -> new BlockingCallEvent();
			case NEVER_AWAITED -> new NeverAwaitedEvent();
			case UNRETRIEVED_EXCEPTION -> new UnretrievedExceptionEvent();
			case THREAD_SAFETY -> new ThreadSafetyEvent();
			case RESOURCE_LEAK -> new ResourceLeakEvent();
		};
		if (event.isEnabled()) {
			event.traceId = finding.traceId();
			event.spanId = finding.spanId();
			event.fill(finding);
			event.commit();
		}
	}

	/**
	 * A slow callback is recorded while it runs and again when it ends.
	 */
	@Override
	public void updated(Finding previous, Finding current) {
		if (current.kind() == FindingKind.SLOW_CALLBACK && current.finished()) {
			recorded(current);
		}
	}

}
