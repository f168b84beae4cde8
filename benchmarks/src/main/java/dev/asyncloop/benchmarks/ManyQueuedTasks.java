package dev.asyncloop.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.DebugEventLoop;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * Many producers flooding the loop: each of eight threads gives its share of ten
 * million empty tasks to the loop as fast as it can, so the queue grows far faster than
 * one thread drains it. Run it once per mode, each in a JVM of its own with the same
 * {@code -Xmx}: a mode that keeps more per queued task needs a bigger heap or spends
 * its time collecting.
 *
 * <pre>
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.asyncloop.benchmarks.ManyQueuedTasks debug
 * </pre>
 *
 * Modes: {@code raw} (a plain {@link ThreadPoolTaskScheduler}), {@code default},
 * {@code debug}. Optional second and third arguments: the number of tasks and of
 * producers. Prints one line: the time, the largest heap left after a collection
 * (what the queue really held), and the longest collection pause.
 */
public final class ManyQueuedTasks {

	private ManyQueuedTasks() {
	}

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "debug";
		int tasks = (args.length > 1) ? Integer.parseInt(args[1]) : 10_000_000;
		int producers = (args.length > 2) ? Integer.parseInt(args[2]) : 8;
		// A heap too small shows as an OutOfMemoryError in a producer or the loop: end the run there, failed.
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> {
			System.out.printf("many-queued-tasks mode=%s failed on %s: %s%n", mode, thread.getName(), ex);
			Runtime.getRuntime().halt(1);
		});
		CollectionWatch collections = CollectionWatch.start();
		Engine engine = null;
		ThreadPoolTaskScheduler loop;
		if (mode.equals("raw")) {
			loop = new ThreadPoolTaskScheduler();
		}
		else if (mode.equals("default") || mode.equals("debug")) {
			engine = new Engine(EngineOptions.defaults().withDebug(mode.equals("debug")));
			engine.start();
			loop = new DebugEventLoop(engine, "loop");
		}
		else {
			throw new IllegalArgumentException("mode must be raw, default or debug, not " + mode);
		}
		loop.setPoolSize(1);
		loop.setWaitForTasksToCompleteOnShutdown(true);
		loop.setAwaitTerminationSeconds(600);
		loop.initialize();
		long started = System.nanoTime();
		CountDownLatch done = new CountDownLatch(producers);
		Runnable last = done::countDown;
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			Thread producer = new Thread(() -> {
				Runnable task = () -> {
				};
				for (int i = 0; i < tasks / producers - 1; i++) {
					loop.execute(task);
				}
				loop.execute(last);
			}, "producer-" + p);
			threads.add(producer);
			producer.start();
		}
		for (Thread producer : threads) {
			producer.join();
		}
		long submittedNanos = System.nanoTime() - started;
		if (!done.await(10, TimeUnit.MINUTES)) {
			throw new IllegalStateException("the loop did not drain within ten minutes");
		}
		long elapsedNanos = System.nanoTime() - started;
		loop.shutdown();
		if (engine != null) {
			engine.close();
		}
		System.out.printf("many-queued-tasks mode=%s tasks=%d producers=%d xmx-mb=%d submitted-s=%.2f drained-s=%.2f"
				+ " live-heap-peak-mb=%.1f longest-pause-ms=%d collections=%d%n", mode, tasks, producers,
				Runtime.getRuntime().maxMemory() >> 20, submittedNanos / 1e9, elapsedNanos / 1e9,
				collections.liveHeapPeak() / 1048576.0, collections.longestPauseMillis(), collections.count());
	}

	/** The heap left after each collection, and how long collections took, from the JVM's own notifications. */
	private static final class CollectionWatch {

		/** Collections report every memory pool; only the heap's count. */
		private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toSet());

		private final AtomicLong liveHeapPeak = new AtomicLong();

		private final AtomicLong longestPause = new AtomicLong();

		private final AtomicLong count = new AtomicLong();

		static CollectionWatch start() {
			CollectionWatch watch = new CollectionWatch();
			for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
				((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
					if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
						watch.record(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
					}
				}, null, null);
			}
			return watch;
		}

		private void record(GarbageCollectionNotificationInfo info) {
			long used = info.getGcInfo()
				.getMemoryUsageAfterGc()
				.entrySet()
				.stream()
				.filter((pool) -> this.heapPools.contains(pool.getKey()))
				.mapToLong((pool) -> pool.getValue().getUsed())
				.sum();
			this.liveHeapPeak.accumulateAndGet(used, Math::max);
			this.longestPause.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
			this.count.incrementAndGet();
		}

		long liveHeapPeak() {
			return this.liveHeapPeak.get();
		}

		long longestPauseMillis() {
			return this.longestPause.get();
		}

		long count() {
			return this.count.get();
		}

	}

}
