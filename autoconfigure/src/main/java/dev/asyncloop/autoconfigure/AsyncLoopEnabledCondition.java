package dev.asyncloop.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code asyncloop.enabled} is {@code false}. It reads that one property,
 * strictly: {@code asyncloop.enabled=maybe} stops startup with a failure analysis instead
 * of switching all of asyncloop off without a word. The other properties are checked
 * as {@link AsyncLoopProperties} is bound (see {@link AsyncLoopPropertiesValidator}).
 */
class AsyncLoopEnabledCondition extends SpringBootCondition {

	private static final String PROPERTY = "asyncloop.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String enabled = environment.getProperty(PROPERTY);
		AsyncLoopPropertiesValidator.requireBoolean(PROPERTY, enabled);
		if ("false".equalsIgnoreCase(enabled)) {
			return ConditionOutcome.noMatch(PROPERTY + " is false");
		}
		return ConditionOutcome.match((enabled != null) ? PROPERTY + " is true" : PROPERTY + " is not set");
	}

}
