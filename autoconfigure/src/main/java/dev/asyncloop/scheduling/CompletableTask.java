package dev.asyncloop.scheduling;

import java.util.concurrent.Callable;

import dev.asyncloop.core.NamedTask;
import dev.asyncloop.core.internal.TaskNames;
import dev.asyncloop.core.internal.TaskTracking;

/**
 * Runs a callable and completes a {@link WatchedCompletableFuture} with its outcome:
 * what {@code submitCompletable(...)} hands to the executor. Named after what the
 * user submitted, which is not always the callable (a runnable is adapted to one).
 *
 * @param <V> the result type
 */
final class CompletableTask<V> implements Runnable, NamedTask {

	private final Object source;

	private final Callable<V> callable;

	private final WatchedCompletableFuture<V> future;

	private CompletableTask(Object source, Callable<V> callable, WatchedCompletableFuture<V> future) {
		this.source = source;
		this.callable = callable;
		this.future = future;
	}

	static CompletableTask<Void> of(Runnable task, TaskTracking tracking) {
		return new CompletableTask<>(task, () -> {
			task.run();
			return null;
		}, new WatchedCompletableFuture<>(tracking));
	}

	static <V> CompletableTask<V> of(Callable<V> task, TaskTracking tracking) {
		return new CompletableTask<>(task, task, new WatchedCompletableFuture<>(tracking));
	}

	/**
	 * What the user submitted.
	 */
	Object source() {
		return this.source;
	}

	/**
	 * The future handed to the submitter.
	 */
	WatchedCompletableFuture<V> future() {
		return this.future;
	}

	@Override
	public void run() {
		if (this.future.isDone()) {
			return; // cancelled before it started
		}
		try {
			this.future.complete(this.callable.call());
		}
		catch (Throwable ex) {
			this.future.taskFailed(ex);
		}
	}

	@Override
	public String taskName() {
		return TaskNames.of(this.source);
	}

}
