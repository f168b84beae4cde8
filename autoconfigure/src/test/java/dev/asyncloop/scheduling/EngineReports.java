package dev.asyncloop.scheduling;

import java.util.List;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.TaskStats;
import dev.asyncloop.core.UnretrievedException;

/**
 * What an engine reports, for assertions.
 */
final class EngineReports {

	private EngineReports() {
	}

	static List<UnretrievedException> unretrieved(AsyncLoopEngine engine) {
		return engine.findings()
			.list(FindingKind.UNRETRIEVED_EXCEPTION)
			.stream()
			.map(UnretrievedException.class::cast)
			.toList();
	}

	static TaskStats stats(AsyncLoopEngine engine, String executor) {
		return engine.executors()
			.stream()
			.filter((snapshot) -> snapshot.name().equals(executor))
			.findFirst()
			.orElseThrow()
			.stats();
	}

}
