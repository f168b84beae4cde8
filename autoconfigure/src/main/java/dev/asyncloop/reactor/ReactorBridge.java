package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.EventLoopProbes;

/**
 * Brings Reactor under asyncloop's eye: the schedule hook that tracks every task on a
 * Reactor scheduler, the thread classification that names their executors, the
 * capture of dropped errors, optionally the routing of {@code parallel()} to the
 * debug event loop, and the probes of event loops Reactor Netty runs. Everything is
 * undone by {@link #close()}.
 */
public final class ReactorBridge implements AutoCloseable {

	private final Engine engine;

	private final ReactorThreads threads;

	private final EventLoopProbes probes;

	private final Deque<AutoCloseable> installed = new ArrayDeque<>();

	private ReactorBridge(Engine engine, Supplier<Duration> longTaskDuration) {
		this.engine = engine;
		this.threads = new ReactorThreads(engine.directory(), longTaskDuration);
		this.probes = new EventLoopProbes(engine.settings(), engine.findings(), engine.applicationCode());
	}

	/**
	 * Installs the bridge.
	 * @param engine the engine to report to
	 * @param longTaskDuration the threshold of blocking Reactor executors (boundedElastic)
	 * @param loop the debug event loop's executor to run {@code Schedulers.parallel()}
	 * on, or {@code null} to keep Reactor's own parallel scheduler
	 */
	public static ReactorBridge install(Engine engine, Supplier<Duration> longTaskDuration,
			ScheduledExecutorService loop) {
		ReactorBridge bridge = new ReactorBridge(engine, longTaskDuration);
		try {
			bridge.start(loop);
		}
		catch (RuntimeException | Error ex) {
			bridge.close();
			throw ex;
		}
		return bridge;
	}

	private void start(ScheduledExecutorService loop) {
		// Known up front, so that the summary lists them before their first task.
		this.threads.executor(ReactorThreads.PARALLEL, ExecutorKind.NON_BLOCKING);
		this.threads.executor(ReactorThreads.SINGLE, ExecutorKind.NON_BLOCKING);
		this.threads.executor(ReactorThreads.BOUNDED_ELASTIC, ExecutorKind.BLOCKING);
		this.engine.directory().addResolver(this.threads);
		this.installed.push(() -> this.engine.directory().removeResolver(this.threads));
		this.installed.push(ScheduleHook.install(this.engine.tracking()));
		this.installed.push(DroppedErrors.install(this.engine));
		if (loop != null) {
			this.installed.push(LoopRouting.install(loop, "asyncloop-loop"));
		}
		this.engine.addWatchdogCheck(this.probes);
		this.installed.push(() -> this.engine.removeWatchdogCheck(this.probes));
	}

	/**
	 * Names event-loop stalls after the request being served, as {@code requests}
	 * tells for a thread.
	 */
	public void describeRequestsWith(java.util.function.Function<Thread, String> requests) {
		this.probes.describeRequestsWith(requests);
	}

	/**
	 * Stops probing event loops: called when the application starts closing, before
	 * the loops begin their graceful shutdown.
	 */
	public void stopProbing() {
		this.probes.stop();
	}

	ReactorThreads threads() {
		return this.threads;
	}

	EventLoopProbes probes() {
		return this.probes;
	}

	/**
	 * Removes every hook this bridge installed, newest first.
	 */
	@Override
	public void close() {
		while (!this.installed.isEmpty()) {
			try {
				this.installed.pop().close();
			}
			catch (Exception ex) {
				this.engine.tracking().errors().report("removing the Reactor bridge", ex);
			}
		}
	}

}
