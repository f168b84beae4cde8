package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.UnretrievedException;
import dev.asyncloop.core.internal.TaskStats;

import static org.awaitility.Awaitility.await;

/**
 * What an engine reports, for assertions.
 */
final class EngineReports {

	private EngineReports() {
	}

	static List<UnretrievedException> unretrieved(Engine engine) {
		return list(engine, FindingKind.UNRETRIEVED_EXCEPTION, UnretrievedException.class);
	}

	/**
	 * The newest unretrieved exception, once there is one (five seconds at most).
	 */
	static UnretrievedException awaitUnretrieved(Engine engine) {
		return await().atMost(Duration.ofSeconds(5)).until(() -> unretrieved(engine), (found) -> !found.isEmpty()).get(0);
	}

	static <F extends Finding> List<F> list(Engine engine, FindingKind kind, Class<F> type) {
		return engine.findings().list(kind).stream().map(type::cast).toList();
	}

	static TaskStats stats(Engine engine, String executor) {
		return engine.directory().executor(executor).stats();
	}

}
