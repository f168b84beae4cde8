package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.RuntimeSettings;

/**
 * The executors an engine monitors, by name, with the resolvers that tell which of
 * them a thread asyncloop did not create belongs to, and the listeners that hear of
 * each executor as it is registered or changes.
 */
public final class ExecutorDirectory {

	/** Executor of threads no resolver claims; blocking, so nothing is judged on it. */
	static final String UNKNOWN_EXECUTOR = "other";

	private final List<ExecutorMonitor> executors = new CopyOnWriteArrayList<>();

	private final List<ExecutorResolver> resolvers = new CopyOnWriteArrayList<>();

	private final List<Consumer<ExecutorMonitor>> listeners = new CopyOnWriteArrayList<>();

	private final RuntimeSettings settings;

	public ExecutorDirectory(RuntimeSettings settings) {
		this.settings = settings;
	}

	/**
	 * Registers an executor to monitor; its name must be unique within this directory.
	 * @param name its report name
	 * @param kind whether it may block
	 * @param longTaskDuration the threshold of a blocking executor (ignored for non-blocking ones,
	 * which use the slow-callback duration)
	 * @param queueView what the executor lets asyncloop see of its queue and threads, or {@code null}
	 */
	public ExecutorMonitor register(String name, ExecutorKind kind, Duration longTaskDuration, QueueView queueView) {
		DurationLimits.requirePositive("longTaskDuration", longTaskDuration);
		synchronized (this.executors) {
			if (executor(name) != null) {
				throw new IllegalStateException("An executor named '" + name + "' is already monitored");
			}
			ExecutorMonitor executor = new ExecutorMonitor(name, kind, longTaskDuration,
					(queueView != null) ? queueView : QueueView.NONE, this.settings, this::executorChanged);
			this.executors.add(executor);
			executorChanged(executor);
			return executor;
		}
	}

	/**
	 * The executor named {@code name}, registering it if needed.
	 */
	public ExecutorMonitor registerIfAbsent(String name, ExecutorKind kind, Duration longTaskDuration) {
		synchronized (this.executors) {
			ExecutorMonitor existing = executor(name);
			return (existing != null) ? existing : register(name, kind, longTaskDuration, null);
		}
	}

	/**
	 * Recent lag of the event loops probed for the executor named {@code name}, or
	 * {@code null} when it is not probed or not known.
	 */
	public LagRecorder.Lag recentLag(String name) {
		ExecutorMonitor executor = executor(name);
		return (executor != null) ? executor.recentLag() : null;
	}

	/**
	 * The executor named {@code name}, or {@code null}.
	 */
	public ExecutorMonitor executor(String name) {
		for (ExecutorMonitor executor : this.executors) {
			if (executor.name().equals(name)) {
				return executor;
			}
		}
		return null;
	}

	/**
	 * Every executor, in the order they were registered.
	 */
	public List<ExecutorMonitor> all() {
		return Collections.unmodifiableList(this.executors);
	}

	/**
	 * The kind of the executor named {@code name}; an executor not known (any more) is
	 * taken for non-blocking.
	 */
	public ExecutorKind kindOf(String name) {
		ExecutorMonitor executor = executor(name);
		return (executor != null) ? executor.kind() : ExecutorKind.NON_BLOCKING;
	}

	/**
	 * Calls {@code listener} for every executor monitored now and from now on, and again
	 * whenever one changes (its queue becomes visible, its event loops are probed), so
	 * that it can look at it again.
	 */
	public void onExecutor(Consumer<ExecutorMonitor> listener) {
		synchronized (this.executors) {
			this.listeners.add(listener);
			this.executors.forEach(listener);
		}
	}

	public void removeExecutorListener(Consumer<ExecutorMonitor> listener) {
		this.listeners.remove(listener);
	}

	private void executorChanged(ExecutorMonitor executor) {
		for (Consumer<ExecutorMonitor> listener : this.listeners) {
			listener.accept(executor);
		}
	}

	/**
	 * Adds a resolver consulted, in order, for threads that asyncloop did not create.
	 */
	public void addResolver(ExecutorResolver resolver) {
		this.resolvers.add(resolver);
	}

	public void removeResolver(ExecutorResolver resolver) {
		this.resolvers.remove(resolver);
	}

	/**
	 * The executor the first resolver that knows {@code thread} assigns it, or
	 * {@code null}. A resolver may register that executor on first need, as Reactor's
	 * does for the scheduler a thread serves.
	 */
	ExecutorMonitor resolve(Thread thread) {
		for (ExecutorResolver resolver : this.resolvers) {
			ExecutorMonitor executor = resolver.resolve(thread);
			if (executor != null) {
				return executor;
			}
		}
		return null;
	}

	/**
	 * The executor {@code thread} runs tasks for: the one a resolver assigns it, else
	 * the blocking executor {@value #UNKNOWN_EXECUTOR}, registered on first need.
	 */
	ExecutorMonitor resolveOrUnknown(Thread thread) {
		ExecutorMonitor executor = resolve(thread);
		return (executor != null) ? executor
				: registerIfAbsent(UNKNOWN_EXECUTOR, ExecutorKind.BLOCKING, Duration.ofDays(365));
	}

	public void clear() {
		this.executors.clear();
		this.listeners.clear();
		this.resolvers.clear();
	}

}
