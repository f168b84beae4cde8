package dev.asyncloop.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One path per pitfall of asyncio's debug-mode guide. Each answers at once; what it
 * set off shows up in {@code /actuator/asyncloop}.
 */
@RestController
@RequestMapping("/pitfalls")
class PitfallController {

	private static final Log logger = LogFactory.getLog(PitfallController.class);

	private static final Duration WORK = Duration.ofSeconds(2);

	/** Prices each of two threads publishes into one sink: enough for them to overlap. */
	private static final int PRICES = 5_000;

	private final TaskScheduler loop;

	private final AsyncTaskExecutor worker;

	private final OrderService orders;

	private final RiskyTasks risky;

	private final PriceTicker prices;

	PitfallController(TaskScheduler taskScheduler, AsyncTaskExecutor applicationTaskExecutor, OrderService orders,
			RiskyTasks risky, PriceTicker prices) {
		this.loop = taskScheduler;
		this.worker = applicationTaskExecutor;
		this.orders = orders;
		this.risky = risky;
		this.prices = prices;
	}

	/**
	 * asyncio's {@code blocking_task} beside an {@code async_task}: the first sleeps on
	 * the event loop and stalls it; the second waits the way an event loop should.
	 */
	@GetMapping("/blocking")
	ResponseEntity<Map<String, String>> blocking() {
		this.loop.schedule(this::blockingTask, Instant.now());
		this.loop.schedule(this::asyncTask, Instant.now());
		return accepted("blocking_task sleeps 2 s on the loop beside a proper async_task; "
				+ "see /actuator/asyncloop/slow-callbacks");
	}

	/**
	 * The fix, asyncio's {@code run_in_executor}: the loop hands the blocking work to
	 * the worker executor and is free at once.
	 */
	@GetMapping("/offloaded")
	ResponseEntity<Map<String, String>> offloaded() {
		this.loop.schedule(this::nonBlockingTask, Instant.now());
		this.loop.schedule(this::asyncTask, Instant.now());
		return accepted("the same work runs on the worker executor; the loop stays free");
	}

	/**
	 * The same mistake in Reactor: a blocking call inside an operator running on
	 * {@code Schedulers.parallel()}, whose threads are the application's event loop.
	 */
	@GetMapping("/blocking-reactor")
	ResponseEntity<Map<String, String>> blockingReactor() {
		Mono.just(WORK)
			.publishOn(Schedulers.parallel())
			.map(this::blockingOperator)
			.subscribe((work) -> logger.info("Blocking operator finished"),
					(error) -> logger.warn("Blocking operator failed", error));
		return accepted("an operator sleeps 2 s on Schedulers.parallel(); see /actuator/asyncloop/slow-callbacks");
	}

	/**
	 * The most costly form: a blocking call in a WebFlux handler, on one of Reactor
	 * Netty's event-loop threads. Every other connection served by that loop waits.
	 */
	@GetMapping("/blocking-netty")
	ResponseEntity<Map<String, String>> blockingNetty() {
		sleep(WORK);
		return ResponseEntity.ok(Map.of("done", "slept 2 s on the Netty event loop that served this request"));
	}

	/**
	 * asyncio's forgotten {@code await}: the service's {@code Mono} is created and
	 * dropped, so the order is never saved. Twice: called directly, and inside
	 * {@code doOnNext}, the classic WebFlux form of the same mistake.
	 */
	@GetMapping("/forgotten-await")
	ResponseEntity<Map<String, String>> forgottenAwait() {
		this.orders.save(new Order("A-1"));
		Flux.just("A-2", "A-3").doOnNext((id) -> this.orders.save(new Order(id))).subscribe();
		return accepted("three orders were 'saved' without subscribing; see /actuator/asyncloop/never-awaited "
				+ "after the next garbage collection");
	}

	/**
	 * asyncio's ghost task: a fire-and-forget task that fails, with nobody holding on
	 * to it to see the exception.
	 */
	@GetMapping("/ghost-task")
	ResponseEntity<Map<String, String>> ghostTask() {
		this.risky.riskyTask();
		return accepted("risky_task runs without anyone awaiting it; see /actuator/asyncloop/unretrieved-exceptions");
	}

	/**
	 * The fix: the same task, awaited, its exception handled.
	 */
	@GetMapping("/proper-task-handling")
	Mono<Map<String, String>> properTaskHandling() {
		return Mono.fromFuture(this.risky.riskyTask())
			.then(Mono.just(Map.of("result", "no exception")))
			.onErrorResume(IllegalArgumentException.class,
					(ex) -> Mono.just(Map.of("result", "Caught expected exception: " + ex.getMessage())));
	}

	/**
	 * asyncio's non-thread-safe call from another thread, in Reactor: two threads publish
	 * prices into one sink at once and ignore what {@code tryEmitNext} answers, so the
	 * prices rejected while the other thread was emitting are lost without a trace.
	 */
	@GetMapping("/racing-sink")
	ResponseEntity<Map<String, String>> racingSink() {
		inTwoThreadsAtOnce(this.prices::publishCarelessly);
		return accepted("two threads publish " + PRICES + " prices each into one sink and ignore the result; "
				+ "see /actuator/asyncloop/thread-safety");
	}

	/**
	 * The fix: the same two threads, each emission retried while the other is emitting.
	 */
	@GetMapping("/serialized-sink")
	ResponseEntity<Map<String, String>> serializedSink() {
		inTwoThreadsAtOnce(this.prices::publishSafely);
		return accepted("two threads publish " + PRICES + " prices each with emitNext(busyLooping); none is lost");
	}

	/**
	 * asyncio's unclosed transport, in WebFlux: a pooled buffer from the response's
	 * factory, written and dropped without {@code release()}. Its memory goes back to the
	 * pool only when Netty notices it was collected, and Netty notices one buffer in a
	 * sample of them: call it a few hundred times, then collect garbage.
	 */
	@GetMapping("/leaked-buffer")
	ResponseEntity<Map<String, String>> leakedBuffer(ServerHttpResponse response) {
		scratch(response);
		return ResponseEntity.ok(Map.of("leaked", "a 1 KB buffer, dropped without release(); see "
				+ "/actuator/asyncloop/resource-leaks after the next garbage collection"));
	}

	/**
	 * The fix: the same buffer, released when done with.
	 */
	@GetMapping("/released-buffer")
	ResponseEntity<Map<String, String>> releasedBuffer(ServerHttpResponse response) {
		DataBufferUtils.release(scratch(response));
		return ResponseEntity.ok(Map.of("released", "a 1 KB buffer, released when done with"));
	}

	/**
	 * A scratch buffer: a report is assembled in it.
	 */
	private static DataBuffer scratch(ServerHttpResponse response) {
		DataBuffer buffer = response.bufferFactory().allocateBuffer(1024);
		buffer.write("report of " + Instant.now(), StandardCharsets.UTF_8);
		return buffer;
	}

	/**
	 * Two tasks on {@code Schedulers.boundedElastic()} that start together, each
	 * publishing {@link #PRICES} prices.
	 */
	private static void inTwoThreadsAtOnce(IntConsumer publish) {
		CountDownLatch ready = new CountDownLatch(2);
		for (int feed = 0; feed < 2; feed++) {
			Schedulers.boundedElastic().schedule(() -> {
				ready.countDown();
				try {
					ready.await(1, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int price = 1; price <= PRICES; price++) {
					publish.accept(price);
				}
			});
		}
	}

	Duration blockingOperator(Duration work) {
		sleep(work);
		return work;
	}

	void blockingTask() {
		logger.info("Blocking task started");
		sleep(WORK);
		logger.info("Blocking task finished");
	}

	void asyncTask() {
		logger.info("Async task started");
		// Waiting without blocking: the loop runs the rest of the task when the time comes.
		this.loop.schedule(() -> logger.info("Async task finished"), Instant.now().plus(WORK));
	}

	void nonBlockingTask() {
		logger.info("Offloaded task started");
		this.worker.submitCompletable(() -> sleep(WORK))
			.thenRun(() -> this.loop.schedule(() -> logger.info("Offloaded task finished"), Instant.now()));
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ResponseEntity<Map<String, String>> accepted(String message) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("started", message));
	}

}
