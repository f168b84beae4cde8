package dev.asyncloop.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an invalid asyncloop property: which one, its value and what is allowed.
 * Ordered first: the exception arrives inside Spring Boot's {@code BindException}, whose
 * own analyzer would only say that binding failed.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
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
