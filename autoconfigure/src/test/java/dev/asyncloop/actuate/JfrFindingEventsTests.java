package dev.asyncloop.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.asyncloop.SchedulingEnabled;
import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NamedTask;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.internal.JfrFindingEvents;
import dev.asyncloop.core.internal.TraceIds;
import dev.asyncloop.core.internal.Traces;
import dev.asyncloop.scheduling.DebugEventLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Findings show up in a flight recording as {@code dev.asyncloop.*} events.
 */
class JfrFindingEventsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SchedulingEnabled.class)
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.slow-callback-duration=50ms");

	@Test
	void slowCallbackIsARecordedEventWhileItRunsAndOnceItEnded(@TempDir Path directory) throws Exception {
		StuckJob job = recordAStuckJob(this.runner, directory, null);
		Path file = job.recording();
		List<RecordedEvent> events = slowCallbackEvents(file);
		assertThat(events).hasSize(2);
		RecordedEvent live = events.get(0);
		assertThat(live.getBoolean("finished")).isFalse();
		assertThat(live.getString("task")).isEqualTo("stuckJob");
		assertThat(live.getString("executor")).isEqualTo("loop");
		assertThat(live.getString("stack")).contains("CountDownLatch.await");
		// The loop's thread itself, so that JDK Mission Control links it to the thread's other
		// events; the very one that ran the job, though other applications' loops in this
		// JVM may have its name.
		RecordedThread thread = live.getThread("thread");
		assertThat(thread).isNotNull();
		assertThat(thread.getJavaThreadId()).isEqualTo(job.threadId());
		assertThat(thread.getJavaName()).startsWith("asyncloop-loop-");
		assertThat(live.getString("threadName")).isEqualTo(thread.getJavaName());

		RecordedEvent finished = events.get(1);
		assertThat(finished.getBoolean("finished")).isTrue();
		assertThat(finished.getString("task")).isEqualTo("stuckJob");
		assertThat(finished.getThread("thread").getJavaThreadId()).isEqualTo(job.threadId());
		assertThat(finished.getString("threadName")).isEqualTo(thread.getJavaName());
		// Begun when the task was found slow, ended when its end was found: the event
		// spans the moment the test let the task go.
		RecordedEvent released = RecordingFile.readAllEvents(file)
			.stream()
			.filter((event) -> event.getEventType().getName().equals(Released.NAME))
			.findFirst()
			.orElseThrow();
		assertThat(finished.getStartTime()).isBeforeOrEqualTo(released.getStartTime());
		assertThat(finished.getEndTime()).isAfterOrEqualTo(released.getEndTime());
		assertThat(Files.size(file)).isPositive();
	}

	@Test
	void traceOfAFindingIsInItsEvents(@TempDir Path directory) throws Exception {
		Path file = recordAStuckJob(this.runner, directory, new OneTrace()).recording();
		assertThat(slowCallbackEvents(file)).hasSize(2).allSatisfy((event) -> {
			assertThat(event.getString("traceId")).isEqualTo(OneTrace.TRACE_ID);
			assertThat(event.getString("spanId")).isEqualTo(OneTrace.SPAN_ID);
		});
	}

	@Test
	void threadThatEndedIsKeptByName(@TempDir Path directory) throws Exception {
		Thread ended = new Thread(() -> {
		}, "ended-before-its-report");
		ended.start();
		ended.join();
		Path file = directory.resolve("recording.jfr");
		try (Recording recording = new Recording()) {
			recording.enable("dev.asyncloop.SlowCallback");
			recording.start();
			JfrFindingEvents.register().recorded(slowCallback(ended.getName(), true));
			recording.stop();
			recording.dump(file);
		}
		assertThat(slowCallbackEvents(file)).singleElement().satisfies((event) -> {
			assertThat(event.getThread("thread")).isNull();
			assertThat(event.getString("threadName")).isEqualTo("ended-before-its-report");
		});
	}

	@Test
	void slowCallbackChangedWhileRunningStillSpansFromWhenItWasFound(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("recording.jfr");
		SlowCallback ended;
		try (Recording recording = new Recording()) {
			recording.enable("dev.asyncloop.SlowCallback");
			recording.enable(Released.class);
			recording.start();
			JfrFindingEvents events = JfrFindingEvents.register();
			SlowCallback live = slowCallback(Thread.currentThread().getName(), false);
			events.recorded(live);
			// Its blocking call named while it runs: the finding is replaced, and its end is told of the new one.
			SlowCallback named = live.withBlockingCall("java.lang.Thread.sleep");
			events.updated(live, named);
			new Released().commit();
			ended = named.finish(Duration.ofMillis(300));
			events.updated(named, ended);
			recording.stop();
			recording.dump(file);
		}
		List<RecordedEvent> events = slowCallbackEvents(file);
		assertThat(events).hasSize(2);
		RecordedEvent released = RecordingFile.readAllEvents(file)
			.stream()
			.filter((event) -> event.getEventType().getName().equals(Released.NAME))
			.findFirst()
			.orElseThrow();
		RecordedEvent finished = events.get(1);
		assertThat(finished.getBoolean("finished")).isTrue();
		assertThat(finished.getDuration("ran")).isEqualTo(Duration.ofMillis(300));
		// JFR's start is when asyncloop found it; when the task began is a field of its own.
		assertThat(finished.getInstant("began")).isEqualTo(ended.origin().truncatedTo(ChronoUnit.MILLIS));
		assertThat(finished.getStartTime()).isBeforeOrEqualTo(released.getStartTime());
		assertThat(finished.getEndTime()).isAfterOrEqualTo(released.getEndTime());
		assertThat(finished.getThread("thread").getJavaName()).isEqualTo(Thread.currentThread().getName());
	}

	private static SlowCallback slowCallback(String thread, boolean finished) {
		return new SlowCallback("stuckJob", "loop", thread, Duration.ofMillis(100), Duration.ofMillis(50), finished,
				List.of("java.lang.Thread.sleep(Native Method)"), List.of(), Instant.now(), null, null, null,
				Instant.now());
	}

	/**
	 * The slow-callback events of the recording in {@code file}, in the order they were committed.
	 */
	private static List<RecordedEvent> slowCallbackEvents(Path file) throws IOException {
		return RecordingFile.readAllEvents(file)
			.stream()
			.filter((event) -> event.getEventType().getName().equals("dev.asyncloop.SlowCallback"))
			.sorted(java.util.Comparator.comparing(RecordedEvent::getEndTime))
			.toList();
	}

	@Test
	void noEventsWhenSwitchedOff(@TempDir Path directory) throws Exception {
		Path file = recordAStuckJob(this.runner.withPropertyValues("asyncloop.jfr.enabled=false"), directory, null)
			.recording();
		List<RecordedEvent> events = RecordingFile.readAllEvents(file);
		// The control: the recording ran while the job was stuck and let go, and kept the test's own event.
		assertThat(events).anyMatch((event) -> event.getEventType().getName().equals(Released.NAME));
		assertThat(events).noneMatch((event) -> event.getEventType().getName().startsWith("dev.asyncloop."));
	}

	/**
	 * Records asyncloop's slow-callback events while a job named {@code stuckJob} holds
	 * the loop until it is reported, then lets it go ({@link Released} marks when) and
	 * waits until its end is reported, in a recording file in {@code directory}.
	 * @param traces the application's traces, or {@code null} for none
	 */
	private static StuckJob recordAStuckJob(ApplicationContextRunner runner, Path directory, Traces traces)
			throws IOException {
		Path file = directory.resolve("recording.jfr");
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		try (Recording recording = new Recording(); HeldTasks held = new HeldTasks()) {
			recording.enable("dev.asyncloop.SlowCallback");
			recording.enable(Released.class);
			recording.start();
			runner.run((context) -> {
				Engine engine = context.getBean(Engine.class);
				if (traces != null) {
					engine.findings().traces().use(traces);
				}
				context.getBean(DebugEventLoop.class).execute(NamedTask.named("stuckJob", () -> {
					ranOn.set(Thread.currentThread());
					// Another application's loop in the same JVM, named alike, held as long.
					new Thread(held::hold, Thread.currentThread().getName()).start();
					held.hold();
				}));
				await().atMost(Duration.ofSeconds(5)).until(() -> engine.findings().count(FindingKind.SLOW_CALLBACK) == 1);
				// The listener has heard of the live finding before the task is let go.
				engine.settle(Duration.ofSeconds(5));
				new Released().commit();
				held.release();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> engine.findings().list(FindingKind.SLOW_CALLBACK).get(0).finished());
				// And of its end before the recording stops.
				engine.settle(Duration.ofSeconds(5));
			});
			recording.stop();
			recording.dump(file);
		}
		return new StuckJob(file, ranOn.get().getId());
	}

	/**
	 * A recording of a stuck job, and the id of the thread the job ran on.
	 */
	private record StuckJob(Path recording, long threadId) {

	}

	/**
	 * The moment a test let a held task go, on the recording's own clock.
	 */
	@Name(Released.NAME)
	@Label("Released")
	@StackTrace(false)
	static final class Released extends Event {

		static final String NAME = "test.asyncloop.Released";

	}

	/**
	 * A tracing system in which all work belongs to one request.
	 */
	private static final class OneTrace implements Traces {

		static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

		static final String SPAN_ID = "00f067aa0ba902b7";

		@Override
		public Object current() {
			return TRACE_ID;
		}

		@Override
		public Object servedOn(Thread thread) {
			return TRACE_ID;
		}

		@Override
		public TraceIds ids(Object trace) {
			return new TraceIds(TRACE_ID, SPAN_ID);
		}

		@Override
		public void annotate(Object trace, Finding finding) {
		}

	}

}
