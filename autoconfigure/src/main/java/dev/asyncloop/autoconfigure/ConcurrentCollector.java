package dev.asyncloop.autoconfigure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.internal.CollectionNudge;

/**
 * Asks G1 for a concurrent cycle where {@link System#gc()} would stop the application
 * for a full collection: when a dropped publisher or an unobserved failure waits for a
 * collection in a quiet application, G1's periodic collection ({@code
 * G1PeriodicGCInterval}, a flag the JVM lets a running application change) is set to
 * run soon, and set back once a collection has run. The young pause that starts the
 * cycle takes milliseconds; a full collection of the same heap took hundreds. With
 * another collector, or where the flag cannot be changed, {@link System#gc()} is asked
 * as before; with {@code -XX:+DisableExplicitGC} nothing is.
 */
final class ConcurrentCollector implements CollectionNudge.Collector {

	private static final Log logger = LogFactory.getLog(ConcurrentCollector.class);

	private static final String INTERVAL = "G1PeriodicGCInterval";

	/** How soon after the last collection G1 starts a periodic one while asked, in ms. */
	private static final String SOON = "100";

	private final HotSpotDiagnosticMXBean flags;

	private final String usual;

	private ConcurrentCollector(HotSpotDiagnosticMXBean flags, String usual) {
		this.flags = flags;
		this.usual = usual;
	}

	/**
	 * The way to ask this JVM for a collection that stops it least.
	 */
	static CollectionNudge.Collector forThisJvm() {
		try {
			HotSpotDiagnosticMXBean flags = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (flags == null || isTrue(flags, "DisableExplicitGC")) {
				return () -> {
				};
			}
			if (!usesG1() || !isTrue(flags, "G1PeriodicGCInvokesConcurrent")) {
				return System::gc;
			}
			VMOption interval = flags.getVMOption(INTERVAL);
			if (!interval.isWriteable()) {
				return System::gc;
			}
			return new ConcurrentCollector(flags, interval.getValue());
		}
		catch (RuntimeException | LinkageError ex) {
			// Not a HotSpot JVM, or one without these flags: the standard request.
			return System::gc;
		}
	}

	@Override
	public void requested() {
		set(SOON);
	}

	@Override
	public void collected() {
		set(this.usual);
	}

	private void set(String interval) {
		try {
			this.flags.setVMOption(INTERVAL, interval);
		}
		catch (RuntimeException ex) {
			logger.debug("asyncloop could not set " + INTERVAL + " to " + interval, ex);
			if (SOON.equals(interval)) {
				System.gc();
			}
		}
	}

	private static boolean isTrue(HotSpotDiagnosticMXBean flags, String name) {
		return Boolean.parseBoolean(flags.getVMOption(name).getValue());
	}

	private static boolean usesG1() {
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector.getName().startsWith("G1 ")) {
				return true;
			}
		}
		return false;
	}

}
