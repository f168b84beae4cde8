package dev.asyncloop.reactor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

import io.netty.buffer.ByteBufUtil;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ResourceLeak;
import dev.asyncloop.scheduling.InternalAccess;

/**
 * Leaked buffers: every report of Netty's leak detector becomes a {@code resource-leaks}
 * finding, with where the buffer was allocated and last touched and the request being
 * served when it was allocated. In debug mode Netty's detection level is raised to
 * {@code ADVANCED} (unless the user chose one), more buffers are tracked, and after a
 * garbage collection the detector is made to look for collected buffers at once rather
 * than at the next tracked allocation. Settling the findings (as test mode does at the
 * end of each test) collects garbage and looks, so that a test that leaks a buffer fails.
 *
 * <p>Netty makes its buffer detector once per JVM, from the factory in place when it
 * first allocates a buffer: {@link #makeNettysDetectorEarly()} puts asyncloop's there
 * first, so that the detector notes requests and hands its reports to asyncloop instead
 * of logging them too. Where Netty made its own before, its reports still reach
 * asyncloop through its leak listener, and it logs them as well.
 */
public final class BufferLeaks implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BufferLeaks.class);

	/** Netty's buffer base class, which holds the buffer leak detector in a private field. */
	static final String BUFFERS = "io.netty.buffer.AbstractByteBuf";

	/** How often, at most, the detector is made to look for collected buffers after a collection. */
	private static final long LOOK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final Object PROBE = new Object();

	private final Engine engine;

	private final boolean userChoseLevel;

	private final ResourceLeakDetector<Object> detector;

	private final boolean ours;

	private final BiPredicate<String, String> listener = this::leaked;

	private final Queue<Leak> leaks = new ConcurrentLinkedQueue<>();

	private final Runnable check = this::check;

	/** What settling findings (test mode, at the end of each test) does: a collection, then a look. */
	private final Consumer<Duration> settler = (timeout) -> {
		collectGarbage(timeout);
		lookNow();
	};

	private Level levelBeforeDebug;

	private long collections = collections();

	private long lookedAt = System.nanoTime();

	private volatile boolean closed;

	private Function<Thread, String> requests;

	private BufferLeaks(Engine engine, boolean userChoseLevel) {
		this.engine = engine;
		this.userChoseLevel = userChoseLevel;
		this.detector = bufferDetector(BUFFERS);
		this.ours = this.detector instanceof ReportingLeakDetector;
	}

	/**
	 * Puts asyncloop's leak detector factory in place, so that the buffer detector
	 * Netty makes when it first allocates a buffer is asyncloop's. Call it before any
	 * buffer is allocated: as the application context starts.
	 */
	public static synchronized void makeNettysDetectorEarly() {
		ResourceLeakDetectorFactory current = ResourceLeakDetectorFactory.instance();
		if (!(current instanceof ReportingLeakDetector.Factory)) {
			ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ReportingLeakDetector.Factory(current));
		}
	}

	/**
	 * Reports leaked buffers to {@code engine}.
	 * @param userChoseLevel whether the user set Netty's detection level, which debug
	 * mode then leaves as it is
	 */
	public static BufferLeaks start(Engine engine, boolean userChoseLevel) {
		BufferLeaks leaks = new BufferLeaks(engine, userChoseLevel);
		LeakReports.add(leaks.listener);
		if (!leaks.ours) {
			ByteBufUtil.setLeakListener((type, records) -> LeakReports.report(type, records));
		}
		engine.addWatchdogCheck(leaks.check);
		engine.addSettler(leaks.settler);
		return leaks;
	}

	/**
	 * Notes on each buffer tracked from now on the request its thread serves, as
	 * {@code requests} tells it, until this closes.
	 */
	public void describeRequestsWith(Function<Thread, String> requests) {
		this.requests = requests;
		LeakReports.describeRequestsWith(requests, this.engine.findings().traces());
	}

	/**
	 * Whether the detector is asyncloop's (made early enough), which knows requests.
	 */
	public boolean isNotingRequests() {
		return this.ours;
	}

	/**
	 * Makes the detector look for buffers collected without release now, and reports
	 * them: what test mode does at the end of a test, after a collection.
	 */
	public void lookNow() {
		if (this.detector != null) {
			ResourceLeakTracker<Object> probe = this.detector.trackForcibly(PROBE);
			probe.close(PROBE);
		}
		report();
	}

	/**
	 * On whatever thread allocated the buffer that made the detector look: a leak
	 * whose allocation or accesses name the application's code is kept for the watchdog
	 * (logging here could block an event loop); one only the framework ever touched is
	 * not the application's mistake, and is left to Netty's own report.
	 * @return whether it was taken
	 */
	private boolean leaked(String resourceType, String records) {
		if (this.closed) {
			return false;
		}
		LeakRecords parsed = LeakRecords.parse(records);
		if (!parsed.anyFrame(this.engine.applicationCode()::isApplication)) {
			return false;
		}
		this.leaks.add(new Leak(resourceType, records.isEmpty(), parsed, Instant.now()));
		return true;
	}

	private void check() {
		followDebug();
		long now = System.nanoTime();
		if (now - this.lookedAt >= LOOK_INTERVAL_NANOS) {
			this.lookedAt = now;
			long collections = collections();
			if (collections != this.collections && this.engine.settings().isDebug()) {
				this.collections = collections;
				lookNow();
				return;
			}
		}
		report();
	}

	private synchronized void report() {
		for (Leak leak = this.leaks.poll(); leak != null; leak = this.leaks.poll()) {
			try {
				LeakRecords records = leak.records();
				this.engine.findings()
					.record(new ResourceLeak(leak.resourceType(), records.request(), records.createdAt(),
							records.lastAccess(this.engine.applicationCode()::isApplication), null,
							leak.untraced() ? "Netty tracked it without records: set "
									+ "io.netty.leakDetection.level=advanced to see where it was allocated" : null,
							leak.time(), records.traceId(), records.spanId()));
			}
			catch (RuntimeException ex) {
				this.engine.tracking().errors().report("reporting a leaked buffer", ex);
			}
		}
	}

	/**
	 * Debug mode raises Netty's level to {@code ADVANCED}, so that leaks come with
	 * their access records, unless the user chose a level; it is put back after.
	 */
	private synchronized void followDebug() {
		boolean debug = this.engine.settings().isDebug() && !this.closed;
		ReportingLeakDetector.sampleMore(debug);
		if (debug && this.levelBeforeDebug == null && !this.userChoseLevel) {
			this.levelBeforeDebug = ResourceLeakDetector.getLevel();
			if (this.levelBeforeDebug.ordinal() < Level.ADVANCED.ordinal()) {
				ResourceLeakDetector.setLevel(Level.ADVANCED);
				logger.info("asyncloop raised Netty's leak detection level to ADVANCED for debug mode, so that "
						+ "leaked buffers are reported with where they were allocated and last touched; set "
						+ "io.netty.leakDetection.level (or spring.netty.leak-detection) to choose your own");
			}
		}
		else if (!debug && this.levelBeforeDebug != null) {
			ResourceLeakDetector.setLevel(this.levelBeforeDebug);
			this.levelBeforeDebug = null;
		}
	}

	/**
	 * Collects garbage and waits (at most {@code timeout}) until the references it
	 * cleared are queued, which happens a moment after the collection, on the JVM's
	 * reference handler thread: the detector finds the buffers collected only then.
	 */
	private static void collectGarbage(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		// The JDK enqueues the references one collection cleared in a batch, in no set
		// order: a sentinel of that collection may come before a leaked buffer's
		// tracker. A second collection's sentinel comes after all of the first's.
		for (int collection = 0; collection < 2; collection++) {
			ReferenceQueue<Object> queue = new ReferenceQueue<>();
			WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
			System.gc();
			try {
				queue.remove(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			Reference.reachabilityFence(sentinel);
		}
	}

	private static long collections() {
		long count = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(0, collector.getCollectionCount());
		}
		return count;
	}

	/**
	 * Netty's detector of leaked buffers, made if Netty has not made it yet; {@code null}
	 * when it cannot be read.
	 */
	@SuppressWarnings("unchecked")
	static ResourceLeakDetector<Object> bufferDetector(String buffersClass) {
		return InternalAccess.find("Netty's buffer leak detector, " + buffersClass + ".leakDetector",
				"leaked buffers are reported when Netty finds them by itself, not looked for after each garbage collection", () -> {
					Class<?> buffers = Class.forName(buffersClass, true, ByteBufUtil.class.getClassLoader());
					Field detector = buffers.getDeclaredField("leakDetector");
					detector.setAccessible(true);
					return (ResourceLeakDetector<Object>) detector.get(null);
				});
	}

	@Override
	public void close() {
		this.closed = true;
		this.engine.removeWatchdogCheck(this.check);
		this.engine.removeSettler(this.settler);
		followDebug();
		report();
		LeakReports.remove(this.listener);
		if (this.requests != null) {
			LeakReports.stopDescribing(this.requests);
		}
		if (!this.ours && !LeakReports.isListenedTo()) {
			ByteBufUtil.setLeakListener(null);
		}
	}

	private record Leak(String resourceType, boolean untraced, LeakRecords records, Instant time) {
	}

}
