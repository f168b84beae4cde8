package dev.asyncloop.scheduling;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.EngineOptions;

/**
 * A started engine and a debug event loop named {@code loop} on it, both closed after
 * each test. Register it with {@code @RegisterExtension}.
 */
final class EngineWithDebugLoop implements AfterEachCallback {

	private final Engine engine;

	private final DebugEventLoop loop;

	EngineWithDebugLoop(EngineOptions options) {
		this.engine = new Engine(options);
		this.engine.start();
		this.loop = new DebugEventLoop(this.engine, "loop");
		this.loop.initialize();
	}

	Engine engine() {
		return this.engine;
	}

	DebugEventLoop loop() {
		return this.loop;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.loop.shutdown();
		this.engine.close();
	}

}
