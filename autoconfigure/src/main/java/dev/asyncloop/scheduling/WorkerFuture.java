package dev.asyncloop.scheduling;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * The future of {@code submit(...)} on a worker executor: a plain
 * {@link FutureTask}, with its interrupt-on-cancel semantics, that remembers whether
 * its task failed.
 *
 * @param <V> the result type
 */
class WorkerFuture<V> extends FutureTask<V> implements TaskOutcome {

	private volatile boolean failed;

	WorkerFuture(Callable<V> callable) {
		super(callable);
	}

	WorkerFuture(Runnable runnable, V result) {
		super(runnable, result);
	}

	@Override
	protected void setException(Throwable ex) {
		this.failed = true;
		super.setException(ex);
	}

	@Override
	public boolean failed() {
		return this.failed;
	}

}
