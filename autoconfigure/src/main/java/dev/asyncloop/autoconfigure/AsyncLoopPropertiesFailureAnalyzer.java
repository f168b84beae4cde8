package dev.asyncloop.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an invalid asyncloop property: which one, its value and what is allowed.
 */
class AsyncLoopPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAsyncLoopPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAsyncLoopPropertyException cause) {
		String description = "Invalid value '" + cause.getValue() + "' for property '" + cause.getProperty()
				+ "'.\nasyncloop did not start, so that nothing runs half-configured.";
		String action = "Set '" + cause.getProperty() + "' to " + cause.getAllowed()
				+ ", or remove it to use the default.";
		return new FailureAnalysis(description, action, cause);
	}

}
