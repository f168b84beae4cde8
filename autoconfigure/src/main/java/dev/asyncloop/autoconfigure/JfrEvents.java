package dev.asyncloop.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.JfrFindingEvents;

/**
 * Adds the JFR events listener, in a class of its own so that nothing touches JFR's
 * types on a runtime without the {@code jdk.jfr} module.
 */
final class JfrEvents {

	private static final Log logger = LogFactory.getLog(JfrEvents.class);

	private JfrEvents() {
	}

	static void addTo(Engine engine) {
		try {
			if (JfrFindingEvents.isAvailable()) {
				engine.findings()
					.addListener(JfrFindingEvents.register(engine.tracking().threads(), JfrEvents::unusable));
			}
		}
		catch (RuntimeException | LinkageError ex) {
			unusable(ex);
		}
	}

	private static void unusable(Throwable ex) {
		logger.info("asyncloop emits no JFR events: the JDK Flight Recorder is not usable here (" + ex + ")");
	}

}
