package dev.asyncloop.autoconfigure;

import dev.asyncloop.core.AsyncLoopEngine;

/**
 * Customizes the auto-configured {@link AsyncLoopEngine} before its watchdog starts:
 * declare a bean of this type to add a watchdog check, change a setting from code, or
 * anything else the engine offers. Customizers run in their {@code @Order}.
 */
@FunctionalInterface
public interface AsyncLoopEngineCustomizer {

	void customize(AsyncLoopEngine engine);

}
