package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asyncloop.core.BlockingWaits;
import dev.asyncloop.core.TaskRegistry;

/**
 * The future of {@code submit(...)} on a worker executor: a plain
 * {@link FutureTask}, with its interrupt-on-cancel semantics, that remembers whether
 * its task failed and whether anybody called {@code get()} to see how.
 *
 * @param <V> the result type
 */
class WorkerFuture<V> extends FutureTask<V> implements TaskOutcome {

	private static final VarHandle OUTCOME;

	static {
		try {
			OUTCOME = MethodHandles.lookup().findVarHandle(WorkerFuture.class, "outcome", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final String GET = "java.util.concurrent.Future.get";

	private final TaskRegistry registry;

	private volatile boolean failed;

	@SuppressWarnings("unused") // accessed through OUTCOME
	private volatile Object outcome;

	WorkerFuture(TaskRegistry registry, Callable<V> callable) {
		super(callable);
		this.registry = registry;
	}

	WorkerFuture(TaskRegistry registry, Runnable runnable, V result) {
		super(runnable, result);
		this.registry = registry;
	}

	@Override
	protected void setException(Throwable ex) {
		this.failed = true;
		// Watched before anyone can see this future done.
		Outcome.failed(OUTCOME, this, this.registry, this.registry.currentTask(), ex);
		super.setException(ex);
	}

	@Override
	public boolean failed() {
		return this.failed;
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		Outcome.observe(OUTCOME, this, this.registry);
		if (isDone()) {
			return super.get();
		}
		BlockingWaits.Wait wait = this.registry.blockingWaits().begin(GET);
		try {
			return super.get();
		}
		finally {
			this.registry.blockingWaits().end(wait);
		}
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		Outcome.observe(OUTCOME, this, this.registry);
		if (isDone()) {
			return super.get(timeout, unit);
		}
		BlockingWaits.Wait wait = this.registry.blockingWaits().begin(GET);
		try {
			return super.get(timeout, unit);
		}
		finally {
			this.registry.blockingWaits().end(wait);
		}
	}

}
