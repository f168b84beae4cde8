package dev.asyncloop.blocking;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.AsyncLoopEngine;

/**
 * Runs the JFR blocking-call detector while debug mode is on: started with the
 * application if debug mode is, then switched on and off when debug mode is switched
 * at runtime (off the watchdog thread, since starting a stream takes a moment), and
 * closed with the application. Without a usable Flight Recorder it says so once and
 * stays out of the way.
 */
public final class BlockingDetection implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BlockingDetection.class);

	private final AsyncLoopEngine engine;

	private final JfrBlockingDetector detector;

	private final Runnable followDebug = this::followDebug;

	private final Consumer<Duration> settler;

	private final AtomicBoolean switching = new AtomicBoolean();

	private volatile boolean closed;

	private BlockingDetection(AsyncLoopEngine engine, JfrBlockingDetector detector) {
		this.engine = engine;
		this.detector = detector;
		this.settler = (detector != null) ? detector::settle : null;
	}

	/**
	 * Starts detection for {@code engine}.
	 * @param threshold waits shorter than this are not reported
	 * @param jfrAvailable whether the JDK Flight Recorder can stream events here
	 */
	public static BlockingDetection start(AsyncLoopEngine engine, Duration threshold, boolean jfrAvailable) {
		if (!jfrAvailable) {
			logger.warn("asyncloop cannot detect blocking calls: the JDK Flight Recorder is not available in this "
					+ "JVM. Slow callbacks, blocking waits on futures and everything else are still reported.");
			return new BlockingDetection(engine, null);
		}
		BlockingDetection detection = new BlockingDetection(engine, new JfrBlockingDetector(engine, threshold));
		if (engine.settings().isDebug()) {
			detection.detector.start();
		}
		engine.addSettler(detection.settler);
		engine.addWatchdogCheck(detection.followDebug);
		return detection;
	}

	/**
	 * Whether blocking calls are being detected now.
	 */
	public boolean isDetecting() {
		return this.detector != null && this.detector.isRunning();
	}

	private void followDebug() {
		boolean wanted = this.engine.settings().isDebug() && !this.closed;
		if (wanted != this.detector.isRunning() && this.switching.compareAndSet(false, true)) {
			Thread thread = new Thread(() -> {
				try {
					if (wanted && !this.closed) {
						this.detector.start();
					}
					else {
						this.detector.close();
					}
				}
				finally {
					this.switching.set(false);
				}
			}, "asyncloop-blocking-switch");
			thread.setDaemon(true);
			thread.start();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		if (this.detector != null) {
			this.engine.removeWatchdogCheck(this.followDebug);
			this.engine.removeSettler(this.settler);
			this.detector.close();
		}
	}

}
