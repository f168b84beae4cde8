package dev.asyncloop.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.ExecutorSnapshot;

/**
 * The {@code asyncloop} health component: each executor's state, and {@code DOWN}
 * while a non-blocking executor (an event loop) has been stuck on one task, or has
 * not run its probe, for longer than the stall duration. Every other task on that
 * loop waits meanwhile, which is what a health check should tell.
 */
public class AsyncLoopHealthIndicator extends AbstractHealthIndicator {

	private final Engine engine;

	private final Duration stallDuration;

	private final boolean downOnStall;

	/**
	 * @param engine the engine to report on
	 * @param stallDuration how long an event loop may be stuck before it counts as stalled
	 * @param downOnStall whether a stalled event loop makes the component {@code DOWN}
	 */
	public AsyncLoopHealthIndicator(Engine engine, Duration stallDuration, boolean downOnStall) {
		super("asyncloop health check failed");
		this.engine = engine;
		this.stallDuration = stallDuration;
		this.downOnStall = downOnStall;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean stalled = false;
		Map<String, Object> executors = new LinkedHashMap<>();
		for (ExecutorSnapshot executor : this.engine.executors()) {
			boolean executorStalled = executor.kind() == ExecutorKind.NON_BLOCKING
					&& executor.longestRun().compareTo(this.stallDuration) > 0;
			stalled |= executorStalled;
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("kind", executor.kind().label());
			details.put("status", executorStalled ? "stalled" : "running");
			details.put("running", executor.running());
			if (executor.queued() >= 0) {
				details.put("queued", executor.queued());
			}
			details.put("longestRunMs", executor.longestRun().toMillis());
			details.put("slowCallbacks", executor.slowCallbacks());
			executors.put(executor.name(), details);
		}
		if (stalled && this.downOnStall) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("debug", this.engine.settings().isDebug())
			.withDetail("stallDurationMs", this.stallDuration.toMillis())
			.withDetail("executors", executors)
			.withDetail("findings", this.engine.findings().countsByKind());
	}

}
