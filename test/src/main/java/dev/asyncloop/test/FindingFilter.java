package dev.asyncloop.test;

import java.util.List;
import java.util.Set;

import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.internal.RecordedFinding;

/**
 * Which findings fail a test: those of the chosen kinds that are not allowed by name.
 */
record FindingFilter(Set<FindingKind> kinds, List<String> allowed) {

	static FindingFilter of(FailOnAsyncLoopFindings settings) {
		return new FindingFilter(Set.of(settings.kinds()), List.of(settings.allow()));
	}

	List<RecordedFinding> apply(List<RecordedFinding> findings) {
		return findings.stream()
			.filter((recorded) -> this.kinds.contains(recorded.finding().kind()))
			.filter((recorded) -> !isAllowed(recorded.finding()))
			.toList();
	}

	private boolean isAllowed(Finding finding) {
		String name = finding.subject();
		return this.allowed.stream().anyMatch((allowed) -> name.startsWith(allowed));
	}

}
