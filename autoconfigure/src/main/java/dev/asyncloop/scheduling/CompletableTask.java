package dev.asyncloop.scheduling;

import java.util.concurrent.Callable;

import dev.asyncloop.core.NamedTask;
import dev.asyncloop.core.TaskNames;

/**
 * Runs a callable and completes a {@link TaskCompletion} with its outcome: what
 * {@code submitCompletable(...)} hands to the executor. Named after what the user
 * submitted, which is not always the callable (a runnable is adapted to one).
 *
 * @param <V> the result type
 */
final class CompletableTask<V> implements Runnable, NamedTask {

	private final Object source;

	private final Callable<V> callable;

	private final TaskCompletion<V> future;

	CompletableTask(Object source, Callable<V> callable, TaskCompletion<V> future) {
		this.source = source;
		this.callable = callable;
		this.future = future;
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
