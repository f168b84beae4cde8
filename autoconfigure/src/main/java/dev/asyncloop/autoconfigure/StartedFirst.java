package dev.asyncloop.autoconfigure;

import org.springframework.context.SmartLifecycle;

/**
 * Waits, as the context starts and before any other lifecycle bean (the web server
 * among them), for something asyncloop began on a thread of its own while the context
 * was being built: so that it runs beside the application's start, not before it, and
 * is done by the time the application serves.
 */
final class StartedFirst implements SmartLifecycle {

	private final Runnable await;

	private volatile boolean running;

	StartedFirst(Runnable await) {
		this.await = await;
	}

	@Override
	public void start() {
		this.await.run();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

}
