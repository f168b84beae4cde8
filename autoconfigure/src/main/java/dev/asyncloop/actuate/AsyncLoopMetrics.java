package dev.asyncloop.actuate;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.LagRecorder;
import dev.asyncloop.core.internal.TaskStats;

/**
 * asyncloop's figures as Micrometer meters, read when the registry is scraped: the
 * tasks' hot path keeps its own single-writer counters and gains nothing from this.
 * Every executor is tagged {@code executor} (a small, fixed set of names); executors
 * that appear later (Reactor's, on their first task) get their meters then. The meters
 * are removed when the binder closes.
 */
public class AsyncLoopMetrics implements MeterBinder, AutoCloseable {

	private final AsyncLoopEngine engine;

	private final List<Meter> meters = new CopyOnWriteArrayList<>();

	private final Set<String> bound = ConcurrentHashMap.newKeySet();

	private final Set<String> lagBound = ConcurrentHashMap.newKeySet();

	private final Set<String> queueBound = ConcurrentHashMap.newKeySet();

	private volatile MeterRegistry registry;

	private volatile Consumer<ExecutorMonitor> onExecutor;

	public AsyncLoopMetrics(AsyncLoopEngine engine) {
		this.engine = engine;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		for (FindingKind kind : FindingKind.values()) {
			this.meters.add(FunctionCounter.builder("asyncloop.findings", this.engine, (engine) -> engine.findings().total(kind))
				.description("Findings asyncloop made, by kind")
				.baseUnit("findings")
				.tag("kind", kind.reportName())
				.register(registry));
		}
		this.onExecutor = (executor) -> bindExecutor(executor, registry);
		this.engine.directory().onExecutor(this.onExecutor);
	}

	private void bindExecutor(ExecutorMonitor executor, MeterRegistry registry) {
		String name = executor.name();
		if (executor.isProbed() && this.lagBound.add(name)) {
			this.meters.add(TimeGauge
				.builder("asyncloop.loop.lag", this, TimeUnit.NANOSECONDS, (metrics) -> metrics.lag(name))
				.description("Recent 99th percentile of how late probe tasks ran on a probed event loop")
				.tag("executor", name)
				.register(registry));
		}
		if (executor.queueView().queued() >= 0 && this.queueBound.add(name)) {
			this.meters.add(gauge("asyncloop.tasks.queued", "Tasks waiting in the executor's queue", name,
					(snapshot) -> snapshot.queued(), registry));
		}
		if (!this.bound.add(name)) {
			return;
		}
		this.meters.add(FunctionTimer
			.builder("asyncloop.task.duration", this, (metrics) -> metrics.stats(name).finished(),
					(metrics) -> metrics.stats(name).busyNanos(), TimeUnit.NANOSECONDS)
			.description("Time tasks ran")
			.tag("executor", name)
			.register(registry));
		this.meters.add(FunctionTimer
			.builder("asyncloop.task.delay", this, (metrics) -> metrics.stats(name).finished(),
					(metrics) -> metrics.stats(name).delayNanos(), TimeUnit.NANOSECONDS)
			.description("Time tasks waited past their due time before starting: the executor's lag")
			.tag("executor", name)
			.register(registry));
		this.meters.add(gauge("asyncloop.tasks.active", "Tasks running now", name,
				(snapshot) -> snapshot.running(), registry));
	}

	private Gauge gauge(String meter, String description, String executor,
			ToDoubleFunction<ExecutorSnapshot> value, MeterRegistry registry) {
		return Gauge.builder(meter, this, (metrics) -> {
			ExecutorSnapshot snapshot = metrics.snapshot(executor);
			return (snapshot != null) ? value.applyAsDouble(snapshot) : Double.NaN;
		}).description(description).baseUnit("tasks").tag("executor", executor).register(registry);
	}

	private TaskStats stats(String executor) {
		ExecutorMonitor monitor = this.engine.directory().executor(executor);
		return (monitor != null) ? monitor.stats() : new TaskStats(0, 0, 0, 0);
	}

	private ExecutorSnapshot snapshot(String executor) {
		return this.engine.executors().stream().filter((snapshot) -> snapshot.name().equals(executor)).findFirst()
			.orElse(null);
	}

	private double lag(String executor) {
		ExecutorMonitor monitor = this.engine.directory().executor(executor);
		LagRecorder.Lag lag = (monitor != null) ? monitor.recentLag() : null;
		return (lag != null) ? lag.p99().toNanos() : Double.NaN;
	}

	@Override
	public void close() {
		Consumer<ExecutorMonitor> onExecutor = this.onExecutor;
		if (onExecutor != null) {
			this.engine.directory().removeExecutorListener(onExecutor);
		}
		MeterRegistry registry = this.registry;
		if (registry != null) {
			this.meters.forEach(registry::remove);
		}
		this.meters.clear();
	}

}
