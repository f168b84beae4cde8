package dev.asyncloop.autoconfigure;

import dev.asyncloop.core.AsyncLoopEngine;

/**
 * Customizes the auto-configured {@link AsyncLoopEngine} before its watchdog starts:
 * declare a bean of this type to change a runtime setting from code, add a listener or
 * add a watchdog check. Customizers run in their {@code @Order}.
 */
@FunctionalInterface
public interface AsyncLoopEngineCustomizer {

	void customize(AsyncLoopEngine engine);

}
