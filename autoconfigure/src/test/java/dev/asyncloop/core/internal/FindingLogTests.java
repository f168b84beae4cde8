package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.ResourceLeak;
import dev.asyncloop.core.NeverAwaited;
import dev.asyncloop.core.SlowCallback;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the log says of findings: each distinct finding once, told apart by where it
 * happened rather than by its task's name, with the frames that matter.
 */
class FindingLogTests {

	private final List<String> lines = new ArrayList<>();

	private final FindingLog log = new FindingLog(Duration.ofHours(1), (executor) -> ExecutorKind.NON_BLOCKING,
			ApplicationCode.inPackages(List.of("com.example")), (name) -> new Captured(this.lines));

	@Test
	void twoStallsInFrameworkCodeAtTwoPlacesAreBothLogged() {
		this.log.recorded(stall("event loop", frames("java.lang.Object.wait",
				"org.springframework.cloud.loadbalancer.NamedContextFactory.createContext", "io.netty.channel.Loop.run")));
		this.log.recorded(stall("event loop", frames("java.io.FileInputStream.readBytes",
				"tools.jackson.databind.ObjectMapper.readValue", "io.netty.channel.Loop.run")));
		assertThat(this.lines).hasSize(2);
	}

	@Test
	void theSameMistakeAgainIsLoggedOncePerIntervalWhateverItsTaskIsCalled() {
		List<String> stack = frames("java.lang.Thread.sleep", "com.example.ReportJob.refresh", "java.lang.Thread.run");
		this.log.recorded(stall("GET /reports/1", stack));
		this.log.recorded(stall("GET /reports/2", stack));
		assertThat(this.lines).hasSize(1);
	}

	@Test
	void repeatsLeftOutAreCountedWhenTheApplicationClosesThoughTheSiteIsNotLoggedAgain() {
		List<String> stack = frames("java.lang.Thread.sleep", "com.example.ReportJob.refresh", "java.lang.Thread.run");
		for (int i = 0; i < 44; i++) {
			this.log.recorded(stall("GET /reports/" + i, stack));
		}
		this.log.logLeftOut(true);
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).startsWith("43 more like this in the last ")
			.contains("seconds were not logged: GET /reports/0 has been running for");
		this.log.logLeftOut(true);
		assertThat(this.lines).hasSize(2);
	}

	@Test
	void whereSomethingWasMadeIsCutLikeAStackWithoutAsyncloopsOwnFrames() {
		List<String> createdAt = new ArrayList<>(frames("com.example.GreetingHandler.hello",
				"dev.asyncloop.reactor.NeverAwaitedPostProcessor$Watching.invoke"));
		for (int i = 0; i < 100; i++) {
			createdAt.add("reactor.core.publisher.MonoFlatMap$FlatMapMain.onNext(MonoFlatMap.java:" + i + ")");
		}
		createdAt.add("dev.asyncloop.reactor.ServedRequests$Serving.subscribe(ServedRequests.java:76)");
		this.log.recorded(new NeverAwaited("GreetingRepository.save", "Mono", true, createdAt, Instant.now(), null, null));
		String line = this.lines.get(0);
		assertThat(line).contains("Created at (most recent call last):")
			.endsWith("\tcom.example.GreetingHandler.hello(GreetingHandler.java:1)")
			.contains("frames left out")
			.doesNotContain("dev.asyncloop.")
			.doesNotContain("MonoFlatMap.java:50)");
		assertThat(line.lines()).hasSizeLessThan(12);
	}

	@Test
	void loggedStacksKeepTheApplicationsFramesAndCountTheRest() {
		List<String> stack = new ArrayList<>(frames("java.lang.Thread.sleep", "com.example.Handler.handle"));
		for (int i = 0; i < 100; i++) {
			stack.add("reactor.core.publisher.MonoFlatMap$FlatMapMain.onNext(MonoFlatMap.java:" + i + ")");
		}
		this.log.recorded(stall("GET /owners/{id}", stack));
		String line = this.lines.get(0);
		assertThat(line).contains("at com.example.Handler.handle(Handler.java:1)")
			.contains("... 98 frames left out")
			.doesNotContain("MonoFlatMap.java:50)");
		assertThat(line.lines()).hasSizeLessThan(10);
	}

	@Test
	void theEndOfASlowCallbackIsLoggedEvenWhenABlockingCallWasLinkedWhileItRan() {
		SlowCallback live = stall("GET /reports/1",
				frames("java.lang.Thread.sleep", "com.example.ReportJob.refresh", "java.lang.Thread.run"));
		this.log.recorded(live);
		SlowCallback linked = live.withBlockingCall("Thread.sleep");
		this.log.updated(live, linked);
		this.log.updated(linked, linked.finish(Duration.ofMillis(400)));
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).contains("took 0.400 seconds");
	}

	@Test
	void aStarvedPoolShowsWhatItsBusiestThreadIsDoingAndAHeldConnectionWhereItWasAcquired() {
		List<String> stack = frames("java.lang.Thread.sleep", "com.example.Inbound.handle", "java.lang.Thread.run");
		this.log.recorded(new ResourceLeak("thread pool inbound", null, stack, List.of(), Duration.ofMillis(300),
				"2 tasks queued", Instant.now(), null, null));
		this.log.recorded(new ResourceLeak("connection to localhost:8080", "GET /orders", stack, List.of(),
				Duration.ofSeconds(30), null, Instant.now(), null, null));
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(0)).startsWith("Resource leak: thread pool inbound is starved: 2 tasks queued")
			.contains("Its longest-running task is at:")
			.doesNotContain("Acquired at:");
		assertThat(this.lines.get(1)).contains("has been held for 30.000 seconds without traffic")
			.contains("Acquired at:");
	}

	private static SlowCallback stall(String task, List<String> stack) {
		return new SlowCallback(task, "netty", "reactor-http-epoll-1", Duration.ofMillis(150), Duration.ofMillis(100),
				false, stack, List.of(), Instant.now(), null, null, null, Instant.now());
	}

	private static List<String> frames(String... methods) {
		List<String> frames = new ArrayList<>();
		for (String method : methods) {
			String type = method.substring(0, method.lastIndexOf('.'));
			frames.add(method + "(" + type.substring(type.lastIndexOf('.') + 1) + ".java:1)");
		}
		return frames;
	}

	/**
	 * Keeps every line logged.
	 */
	private record Captured(List<String> lines) implements System.Logger {

		@Override
		public String getName() {
			return "captured";
		}

		@Override
		public boolean isLoggable(Level level) {
			return true;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			this.lines.add(message);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			this.lines.add(format);
		}

	}

}
