package dev.asyncloop.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
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
	void slowCallbackIsARecordedEvent(@TempDir Path directory) throws Exception {
		Path file = recordAStuckJob(this.runner, directory, null);
		List<RecordedEvent> events = RecordingFile.readAllEvents(file)
			.stream()
			.filter((event) -> event.getEventType().getName().equals("dev.asyncloop.SlowCallback"))
			.toList();
		assertThat(events).isNotEmpty();
		assertThat(events.get(0).getString("task")).isEqualTo("stuckJob");
		assertThat(events.get(0).getString("executor")).isEqualTo("loop");
		assertThat(events.get(0).getString("stack")).contains("CountDownLatch.await");
		assertThat(Files.size(file)).isPositive();
	}

	@Test
	void traceOfAFindingIsInItsEvent(@TempDir Path directory) throws Exception {
		Path file = recordAStuckJob(this.runner, directory, new OneTrace());
		RecordedEvent event = RecordingFile.readAllEvents(file)
			.stream()
			.filter((recorded) -> recorded.getEventType().getName().equals("dev.asyncloop.SlowCallback"))
			.findFirst()
			.orElseThrow();
		assertThat(event.getString("traceId")).isEqualTo(OneTrace.TRACE_ID);
		assertThat(event.getString("spanId")).isEqualTo(OneTrace.SPAN_ID);
	}

	@Test
	void noEventsWhenSwitchedOff(@TempDir Path directory) throws Exception {
		Path file = recordAStuckJob(this.runner.withPropertyValues("asyncloop.jfr.enabled=false"), directory, null);
		assertThat(RecordingFile.readAllEvents(file))
			.noneMatch((event) -> event.getEventType().getName().startsWith("dev.asyncloop."));
	}

	/**
	 * Records asyncloop's slow-callback events while a job named {@code stuckJob} holds
	 * the loop until it is reported, in a recording file in {@code directory}.
	 * @param traces the application's traces, or {@code null} for none
	 */
	private static Path recordAStuckJob(ApplicationContextRunner runner, Path directory, Traces traces)
			throws IOException {
		Path file = directory.resolve("recording.jfr");
		try (Recording recording = new Recording(); HeldTasks held = new HeldTasks()) {
			recording.enable("dev.asyncloop.SlowCallback");
			recording.start();
			runner.run((context) -> {
				Engine engine = context.getBean(Engine.class);
				if (traces != null) {
					engine.findings().traces().use(traces);
				}
				context.getBean(DebugEventLoop.class).execute(held.named("stuckJob"));
				await().atMost(Duration.ofSeconds(5)).until(() -> engine.findings().count(FindingKind.SLOW_CALLBACK) == 1);
				held.release();
			});
			recording.stop();
			recording.dump(file);
		}
		return file;
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
