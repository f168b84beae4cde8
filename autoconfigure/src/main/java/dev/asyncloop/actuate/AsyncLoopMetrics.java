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

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.LagRecorder;
import dev.asyncloop.core.internal.TaskStats;
import dev.asyncloop.core.internal.Transports;

/**
 * asyncloop's figures as Micrometer meters, read when the registry is scraped: the
 * tasks' hot path keeps its own single-writer counters and gains nothing from this.
 * Every executor is tagged {@code executor} (a small, fixed set of names); executors
 * that appear later (Reactor's, on their first task) get their meters then. The meters
 * are removed when the binder closes.
 */
public class AsyncLoopMetrics implements MeterBinder, AutoCloseable {

	/** How long one reading of the pools serves the gauges: the length of a scrape. */
	private static final long POOL_READING_LIFETIME_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private final Engine engine;

	private final List<Meter> meters = new CopyOnWriteArrayList<>();

	private final Set<String> bound = ConcurrentHashMap.newKeySet();

	private final Set<String> lagBound = ConcurrentHashMap.newKeySet();

	private final Set<String> queueBound = ConcurrentHashMap.newKeySet();

	private volatile MeterRegistry registry;

	private volatile Consumer<ExecutorMonitor> onExecutor;

	private volatile Consumer<Transports.Pool> onPool;

	private final Set<String> poolsBound = ConcurrentHashMap.newKeySet();

	/** The pools as last read, shared by the gauges of one scrape: reading them uses reflection. */
	private volatile PoolReading poolReading;

	public AsyncLoopMetrics(Engine engine) {
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
		bindTransports(registry);
	}

	/**
	 * The live transports, under names of asyncloop's own so that they sit next to
	 * Reactor Netty's {@code reactor.netty.*} meters where those are on, and stand in for
	 * them where they are off (their default): open connections by side and state, and
	 * per client pool its connections, pending acquires and maximum.
	 */
	private void bindTransports(MeterRegistry registry) {
		for (String side : List.of("server", "client")) {
			for (boolean active : new boolean[] { true, false }) {
				this.meters.add(Gauge
					.builder("asyncloop.connections", this, (metrics) -> metrics.connections(side, active))
					.description("Open Reactor Netty connections; active ones carry a request now")
					.baseUnit("connections")
					.tag("side", side)
					.tag("state", active ? "active" : "idle")
					.register(registry));
			}
		}
		this.onPool = (pool) -> bindPool(pool, registry);
		this.engine.transports().onPool(this.onPool);
	}

	private void bindPool(Transports.Pool pool, MeterRegistry registry) {
		String key = pool.key();
		if (!this.poolsBound.add(key)) {
			return;
		}
		this.meters.add(poolGauge("asyncloop.pool.connections", "Connections of a client pool, acquired or idle",
				"connections", pool, "active", (read) -> read.active(), registry));
		this.meters.add(poolGauge("asyncloop.pool.connections", "Connections of a client pool, acquired or idle",
				"connections", pool, "idle", (read) -> read.idle(), registry));
		this.meters.add(poolGauge("asyncloop.pool.pending", "Acquires waiting for a connection of a client pool",
				"acquires", pool, null, (read) -> read.pending(), registry));
		this.meters.add(poolGauge("asyncloop.pool.max", "The most connections a client pool opens", "connections",
				pool, null, (read) -> read.max(), registry));
	}

	private Gauge poolGauge(String meter, String description, String unit, Transports.Pool pool, String state,
			ToDoubleFunction<Transports.Pool> value, MeterRegistry registry) {
		String key = pool.key();
		Gauge.Builder<AsyncLoopMetrics> builder = Gauge.builder(meter, this, (metrics) -> {
			Transports.Pool read = metrics.pool(key);
			return (read != null) ? value.applyAsDouble(read) : Double.NaN;
		}).description(description).baseUnit(unit).tag("pool", pool.name()).tag("remote", pool.remote());
		return ((state != null) ? builder.tag("state", state) : builder).register(registry);
	}

	private double connections(String side, boolean active) {
		int count = 0;
		for (Transports.Connection connection : this.engine.transports().connections()) {
			if (connection.side().equals(side) && (connection.request() != null) == active) {
				count++;
			}
		}
		return count;
	}

	private Transports.Pool pool(String key) {
		PoolReading reading = this.poolReading;
		long now = System.nanoTime();
		if (reading == null || now - reading.readAt() > POOL_READING_LIFETIME_NANOS) {
			reading = new PoolReading(this.engine.transports().pools(), now);
			this.poolReading = reading;
		}
		for (Transports.Pool pool : reading.pools()) {
			if (pool.key().equals(key)) {
				return pool;
			}
		}
		return null;
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
		Consumer<Transports.Pool> onPool = this.onPool;
		if (onPool != null) {
			this.engine.transports().removePoolListener(onPool);
		}
		MeterRegistry registry = this.registry;
		if (registry != null) {
			this.meters.forEach(registry::remove);
		}
		this.meters.clear();
	}

	private record PoolReading(List<Transports.Pool> pools, long readAt) {
	}

}
