package dev.asyncloop.blocking;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.AsyncLoopEngine;

/**
 * Blocking-call detection by the JDK Flight Recorder ({@code asyncloop.blocking.detector=jfr},
 * the default; {@link BlockHoundDetection} is the other): runs the
 * {@link JfrBlockingDetector} while debug mode is on, started with the
 * application if debug mode is, then switched on and off when debug mode is switched
 * at runtime (off the watchdog thread, since starting a stream takes a moment), and
 * closed with the application. Without a usable Flight Recorder it says so once and
 * stays out of the way.
 */
public final class JfrDetection implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JfrDetection.class);

	private final AsyncLoopEngine engine;

	private final JfrBlockingDetector detector;

	private final Runnable followDebug = this::followDebug;

	/** The detector's {@link JfrBlockingDetector#awaitDelivery}, as the engine holds it while registered. */
	private final Consumer<Duration> awaitDelivery;

	private final AtomicBoolean switching = new AtomicBoolean();

	private volatile boolean closed;

	private JfrDetection(AsyncLoopEngine engine, JfrBlockingDetector detector) {
		this.engine = engine;
		this.detector = detector;
		this.awaitDelivery = (detector != null) ? detector::awaitDelivery : null;
	}

	/**
	 * Starts detection for {@code engine}.
	 * @param threshold waits shorter than this are not reported
	 * @param jfrAvailable whether the JDK Flight Recorder can stream events here
	 */
	public static JfrDetection start(AsyncLoopEngine engine, Duration threshold, boolean jfrAvailable) {
		if (!jfrAvailable) {
			logger.warn("asyncloop cannot detect blocking calls: the JDK Flight Recorder is not available in this "
					+ "JVM. Slow callbacks, blocking waits on futures and everything else are still reported.");
			return new JfrDetection(engine, null);
		}
		JfrDetection detection = new JfrDetection(engine, new JfrBlockingDetector(engine, threshold));
		if (engine.settings().isDebug()) {
			detection.detector.start();
		}
		engine.addSettler(detection.awaitDelivery);
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
			this.engine.removeSettler(this.awaitDelivery);
			this.detector.close();
		}
	}

}
