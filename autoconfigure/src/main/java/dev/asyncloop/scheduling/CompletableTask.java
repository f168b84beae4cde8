package dev.asyncloop.scheduling;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a callable and completes a {@link CompletableFuture} with its outcome: what
 * {@code submitCompletable(...)} hands to the executor.
 *
 * @param <V> the result type
 */
final class CompletableTask<V> implements Runnable {

	private final Callable<V> callable;

	private final CompletableFuture<V> future;

	CompletableTask(Callable<V> callable, CompletableFuture<V> future) {
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
			this.future.completeExceptionally(ex);
		}
	}

}
