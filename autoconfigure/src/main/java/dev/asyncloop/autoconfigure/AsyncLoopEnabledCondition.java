package dev.asyncloop.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code asyncloop.enabled} is {@code false}. Before anything of
 * asyncloop's is configured, it checks every asyncloop property
 * ({@link AsyncLoopProperties#bind}), so that a bad value stops startup with a failure
 * analysis instead of switching a part of asyncloop off without a word:
 * {@code asyncloop.enabled=maybe} would otherwise switch all of it off.
 */
class AsyncLoopEnabledCondition extends SpringBootCondition {

	private static final String PROPERTY = "asyncloop.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String enabled = environment.getProperty(PROPERTY);
		AsyncLoopProperties.requireBoolean(PROPERTY, enabled);
		if ("false".equalsIgnoreCase(enabled)) {
			return ConditionOutcome.noMatch(PROPERTY + " is false");
		}
		AsyncLoopProperties.bind(environment);
		return ConditionOutcome.match((enabled != null) ? PROPERTY + " is true" : PROPERTY + " is not set");
	}

}
