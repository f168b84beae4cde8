package dev.asyncloop.core;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * A started engine and a one-thread non-blocking pool it monitors, {@code loop}, both
 * closed after each test. Register it with {@code @RegisterExtension}.
 */
final class EngineWithLoop implements AfterEachCallback {

	private final Engine engine;

	private final ThreadPoolExecutor loop;

	EngineWithLoop(Duration slowCallbackDuration) {
		this.engine = new Engine(EngineOptions.defaults().withSlowCallbackDuration(slowCallbackDuration));
		this.engine.start();
		this.loop = TestExecutors.pool(this.engine, "loop", ExecutorKind.NON_BLOCKING, 1);
	}

	Engine engine() {
		return this.engine;
	}

	ThreadPoolExecutor loop() {
		return this.loop;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.loop.shutdownNow();
		this.engine.close();
	}

}
