package dev.asyncloop.core;

import dev.asyncloop.core.internal.NamedRunnable;

/**
 * A task that tells asyncloop its name. Implement it on a {@link Runnable} or
 * {@link java.util.concurrent.Callable}, or wrap one with {@link #named}, when the
 * class name says too little (lambdas, generic adapters).
 */
public interface NamedTask {

	/**
	 * The name shown in reports and logs, for example {@code ReportJob.refresh}.
	 */
	String taskName();

	/**
	 * {@code task}, reported as {@code name}.
	 */
	static Runnable named(String name, Runnable task) {
		return new NamedRunnable(name, task);
	}

}
