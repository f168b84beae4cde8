package dev.asyncloop.scheduling;

import java.util.concurrent.CompletableFuture;

/**
 * The future of {@code submitCompletable(...)} on a worker executor.
 *
 * @param <V> the result type
 */
class TaskCompletion<V> extends CompletableFuture<V> implements TaskOutcome {

	@Override
	public boolean failed() {
		return isCompletedExceptionally() && !isCancelled();
	}

}
