package dev.asyncloop.tracing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.SlowCallback;

import static org.awaitility.Awaitility.await;

/**
 * The slow callbacks an application's asyncloop found.
 */
final class SlowCallbacks {

	private SlowCallbacks() {
	}

	/**
	 * The first slow callback {@code engine} finds that is {@code wanted}, waiting for
	 * it for up to ten seconds.
	 */
	static SlowCallback awaitOne(Engine engine, Predicate<SlowCallback> wanted) {
		try {
			return await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.findings()
					.list(FindingKind.SLOW_CALLBACK)
					.stream()
					.map(SlowCallback.class::cast)
					.filter(wanted)
					.findFirst(), Optional::isPresent)
				.get();
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("None of the slow callbacks found is the one wanted: "
					+ engine.findings().list(FindingKind.SLOW_CALLBACK), ex);
		}
	}

}
