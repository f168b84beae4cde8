package dev.asyncloop.core.internal;

/**
 * Tells which executor a thread belongs to, for tasks that only learn their executor
 * when they run (Reactor's schedule hook does not say which scheduler it serves).
 */
@FunctionalInterface
public interface ExecutorResolver {

	/**
	 * The executor owning {@code thread}, or {@code null} when this resolver does not know it.
	 */
	ExecutorMonitor resolve(Thread thread);

}
