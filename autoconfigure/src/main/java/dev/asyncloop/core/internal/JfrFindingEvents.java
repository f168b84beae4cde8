package dev.asyncloop.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

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
 * events. Costs nothing while no recording runs: an event not enabled is not filled.
 * <p>
 * What an event's start and duration mean: JFR stamps an event with the time it was
 * begun and committed, and this listener hears of a finding on a thread of its own
 * just after the finding is made, so the times are those of asyncloop's detection, not
 * of the task. Every event but one is an instant, at the finding's detection. The one:
 * a slow callback found while still running is recorded twice, as before: at once, as
 * an instant event ({@code finished} false), so that a recording dumped while the task
 * still runs shows it; and when it finishes, as an event that was begun when it was
 * found and ends when its end was found ({@code finished} true), so that on the
 * timeline it spans the time the task was known to be slow. How long the task ran in
 * all is its {@code ran} field. A slow callback found only once it ended, or whose
 * start was missed (a recording started while it ran), is an instant at its end.
 */
public final class JfrFindingEvents implements FindingListener {

	/**
	 * Slow callbacks that may run for good (a stuck loop) or whose end is never heard
	 * (the journal dropped them) are forgotten past this many, oldest first.
	 */
	private static final int MOST_RUNNING = 1024;

	/** The events begun for slow callbacks still running, by identity of their live finding. */
	private final Map<Identity, SlowCallbackEvent> running = new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Identity, SlowCallbackEvent> eldest) {
			return size() > MOST_RUNNING;
		}
	};

	/** The engine's threads, where a finding's thread is looked for first; or {@code null}. */
	private final ThreadSlots threads;

	/** The thread registering the event types, until a finding has waited for it. */
	private volatile Thread registering;

	/** Whether the event types could not be registered. */
	private volatile boolean unusable;

	private JfrFindingEvents(ThreadSlots threads) {
		this.threads = threads;
	}

	/**
	 * Registers the event types on a thread of its own, so that recordings know them
	 * from the start: the first registration initializes the flight recorder, a tenth of
	 * a second that an application's start need not wait for. The listener waits for it
	 * before its first event.
	 * @param threads the threads of the engine whose findings the listener is given
	 * @param failed told, on that thread, why the types could not be registered; the
	 * listener then records nothing
	 * @return the listener to add to that engine's findings
	 */
	public static JfrFindingEvents register(ThreadSlots threads, Consumer<Throwable> failed) {
		JfrFindingEvents events = new JfrFindingEvents(threads);
		Thread registering = new Thread(() -> {
			try {
				registerTypes();
			}
			catch (RuntimeException | LinkageError ex) {
				events.unusable = true;
				failed.accept(ex);
			}
		}, "asyncloop-jfr-events");
		registering.setDaemon(true);
		events.registering = registering;
		registering.start();
		return events;
	}

	/**
	 * Registers the event types, so that recordings know them from the start.
	 * @return a listener that looks for a finding's thread among all live threads
	 */
	public static JfrFindingEvents register() {
		registerTypes();
		return new JfrFindingEvents(null);
	}

	private static void registerTypes() {
		FlightRecorder.register(SlowCallbackEvent.class);
		FlightRecorder.register(BlockingCallEvent.class);
		FlightRecorder.register(NeverAwaitedEvent.class);
		FlightRecorder.register(UnretrievedExceptionEvent.class);
		FlightRecorder.register(ThreadSafetyEvent.class);
		FlightRecorder.register(ResourceLeakEvent.class);
	}

	/**
	 * Whether the event types are registered, after waiting for their registration.
	 */
	private boolean registered() {
		Thread registering = this.registering;
		if (registering != null) {
			try {
				registering.join();
				this.registering = null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return !this.unusable;
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
		if (!registered()) {
			return;
		}
		commit(finding);
		if (finding.kind() == FindingKind.SLOW_CALLBACK && !finding.finished()) {
			SlowCallbackEvent spanning = new SlowCallbackEvent();
			if (spanning.isEnabled()) {
				spanning.begin();
				synchronized (this.running) {
					this.running.put(new Identity(finding), spanning);
				}
			}
		}
	}

	private void commit(Finding finding) {
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
			event.began = finding.origin().toEpochMilli();
			event.fill(finding, new JfrThreads(this.threads));
			event.commit();
		}
	}

	/**
	 * A slow callback is recorded while it runs and again when it ends, the second time
	 * as the event begun when it was found. A change while it still runs (the blocking
	 * call that made it slow, named) keeps that event for the changed finding, which is
	 * the one its end will be told as.
	 */
	@Override
	public void updated(Finding previous, Finding current) {
		if (current.kind() != FindingKind.SLOW_CALLBACK || !registered()) {
			return;
		}
		SlowCallbackEvent spanning;
		synchronized (this.running) {
			spanning = this.running.remove(new Identity(previous));
			if (!current.finished()) {
				if (spanning != null) {
					this.running.put(new Identity(current), spanning);
				}
				return;
			}
		}
		if (spanning == null) {
			commit(current);
			return;
		}
		// The recording that was on when it began may have stopped since.
		if (spanning.isEnabled()) {
			spanning.traceId = current.traceId();
			spanning.spanId = current.spanId();
			spanning.began = current.origin().toEpochMilli();
			spanning.fill(current, new JfrThreads(this.threads));
			spanning.end();
			spanning.commit();
		}
	}

	/**
	 * A finding as a key by identity: findings are records, and two live slow callbacks
	 * may be equal in every field yet be two runs.
	 */
	private record Identity(Finding finding) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Identity identity && identity.finding == this.finding;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.finding);
		}

	}

}
