package dev.asyncloop.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * How long after a task crosses the slow-callback threshold its finding exists: the
 * task notes when it started, the finding's listener notes when it is recorded. Prints
 * {@code detection-latency p50=… p99=… max=… ms n=…}.
 */
public final class DetectionLatency {

	private static final Duration THRESHOLD = Duration.ofMillis(50);

	/** asyncloop's own log, kept quiet: every sample is a slow callback. Held so that it is not collected. */
	private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("dev.asyncloop");

	private DetectionLatency() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println(measure((args.length > 0 && args[0].equals("--quick")) ? 30 : 300));
	}

	static Result measure(int samples) throws InterruptedException {
		LOG.setLevel(java.util.logging.Level.OFF);
		Engine engine = new Engine(
				EngineOptions.defaults().withSlowCallbackDuration(THRESHOLD).withLogInterval(Duration.ofDays(1)));
		engine.start();
		DebugEventLoop loop = new DebugEventLoop(engine, "loop");
		loop.initialize();
		AtomicLong started = new AtomicLong();
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch[] found = new CountDownLatch[1];
		engine.findings().addListener((finding) -> {
			if (finding.kind() == FindingKind.SLOW_CALLBACK && !finding.finished()) {
				latencies.add(System.nanoTime() - (started.get() + THRESHOLD.toNanos()));
				found[0].countDown();
			}
		});
		try {
			for (int i = 0; i < samples; i++) {
				found[0] = new CountDownLatch(1);
				CountDownLatch release = new CountDownLatch(1);
				loop.execute(() -> {
					started.set(System.nanoTime());
					await(release);
				});
				if (!found[0].await(5, TimeUnit.SECONDS)) {
					throw new IllegalStateException("No slow callback found within 5 s");
				}
				release.countDown();
			}
		}
		finally {
			loop.shutdown();
			engine.close();
		}
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		return new Result(millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)),
				millis(sorted.get(sorted.size() - 1)), sorted.size());
	}

	private static long percentile(List<Long> sorted, double quantile) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Result(double p50Millis, double p99Millis, double maxMillis, int samples) {

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "detection-latency p50=%.2f p99=%.2f max=%.2f ms n=%d",
					this.p50Millis, this.p99Millis, this.maxMillis, this.samples);
		}

	}

}
