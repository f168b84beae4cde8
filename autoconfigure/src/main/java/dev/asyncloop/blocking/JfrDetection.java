package dev.asyncloop.blocking;

import java.time.Duration;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.futures.DebugSwitch;

/**
 * Blocking-call detection by the JDK Flight Recorder ({@code asyncloop.blocking.detector=jfr},
 * the default; {@link BlockHoundDetection} is the other): runs the
 * {@link JfrBlockingDetector} while debug mode is on, started with the
 * application if debug mode is, then switched on and off when debug mode is switched
 * at runtime (off the watchdog thread, since starting a stream takes a moment: the
 * better part of a second, which at startup runs beside the rest of the application's
 * start instead of before it; see {@link #awaitStarted}), and
 * closed with the application. Without a usable Flight Recorder it says so once and
 * stays out of the way.
 */
public final class JfrDetection implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JfrDetection.class);

	private final Engine engine;

	private final JfrBlockingDetector detector;

	private final Runnable followDebug = this::followDebug;

	/** The detector's {@link JfrBlockingDetector#awaitDelivery}, as the engine holds it while registered. */
	private final Consumer<Duration> awaitDelivery;

	private final DebugSwitch debugSwitch;

	private volatile boolean closed;

	private JfrDetection(Engine engine, JfrBlockingDetector detector) {
		this.engine = engine;
		this.detector = detector;
		this.awaitDelivery = (detector != null) ? detector::awaitDelivery : null;
		this.debugSwitch = new DebugSwitch("asyncloop-blocking-switch", this::startDetector,
				(detector != null) ? detector::close : () -> {
				});
	}

	/**
	 * Starts detection for {@code engine}.
	 * @param threshold waits shorter than this are not reported
	 * @param jfrAvailable whether the JDK Flight Recorder can stream events here
	 */
	public static JfrDetection start(Engine engine, Duration threshold, boolean jfrAvailable) {
		if (!jfrAvailable) {
			logger.warn("asyncloop cannot detect blocking calls: the JDK Flight Recorder is not available in this "
					+ "JVM. Slow callbacks, blocking waits on futures and everything else are still reported.");
			return new JfrDetection(engine, null);
		}
		JfrDetection detection = new JfrDetection(engine, new JfrBlockingDetector(engine, threshold));
		if (engine.settings().isDebug()) {
			detection.debugSwitch.follow(true, false);
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

	/**
	 * Waits up to {@code timeout} for the detector started with the application, so
	 * that blocking calls are detected from the moment the application is ready.
	 */
	public void awaitStarted(Duration timeout) {
		this.debugSwitch.await(timeout);
	}

	private void followDebug() {
		this.debugSwitch.follow(this.engine.settings().isDebug() && !this.closed, this.detector.isRunning());
	}

	private void startDetector() {
		if (!this.closed) {
			this.detector.start();
			if (this.closed) {
				this.detector.close(); // closed while it started: nothing may stay open
			}
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
