package dev.asyncloop.futures.bootstrap;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The door from the JDK's futures to asyncloop. The code woven into
 * {@code CompletableFuture} and {@code FutureTask} calls these methods; this class is
 * loaded by the bootstrap class loader, next to those classes, so it may use nothing
 * but the JDK. Whoever installs the instrumentation sets the consumers; with none set,
 * each call is one field read.
 *
 * <p>Nothing here may ever throw into the application's code.
 */
public final class FutureHooks {

	/** A future is about to complete: the future, and its exception or encoded result. */
	public static volatile BiConsumer<Object, Object> failing;

	/** The completion announced by {@link #failing} did not happen (it lost a race, or was cancelled). */
	public static volatile Consumer<Object> notFailed;

	/** Somebody looked at a future's outcome or made a stage depend on it. */
	public static volatile Consumer<Object> observed;

	/** A future was made from a function: the future, the function. */
	public static volatile BiConsumer<Object, Object> created;

	/** The application made a future itself ({@code new CompletableFuture<>()}): the future, where. */
	public static volatile BiConsumer<Object, Object> madeByHand;

	private FutureHooks() {
	}

	public static void failing(Object future, Object failure) {
		call(failing, future, failure);
	}

	public static void notFailed(Object future) {
		call(notFailed, future);
	}

	public static void observed(Object future) {
		call(observed, future);
	}

	public static void created(Object future, Object function) {
		call(created, future, function);
	}

	/**
	 * Called by the application's own code, woven, right after it made {@code future}
	 * at {@code place} (as a stack frame reads: {@code Class.method(File.java:line)}).
	 */
	public static void madeByHand(Object future, String place) {
		call(madeByHand, future, place);
	}

	private static void call(Consumer<Object> hook, Object future) {
		if (hook != null) {
			try {
				hook.accept(future);
			}
			catch (Throwable ex) {
				// never into the application's code
			}
		}
	}

	private static void call(BiConsumer<Object, Object> hook, Object future, Object argument) {
		if (hook != null) {
			try {
				hook.accept(future, argument);
			}
			catch (Throwable ex) {
				// never into the application's code
			}
		}
	}

}
