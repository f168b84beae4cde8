package dev.asyncloop.futures;

import net.bytebuddy.asm.Advice;

import dev.asyncloop.futures.bootstrap.FutureHooks;

/**
 * The code woven into the JDK's {@code CompletableFuture} and {@code FutureTask}:
 * each piece only hands the future to {@link FutureHooks}, which the JDK's classes
 * can see. Nothing thrown here reaches the application.
 */
final class FutureAdvice {

	private FutureAdvice() {
	}

	/**
	 * The future is about to be completed with its first argument (an exception, or an
	 * encoded result that may hold one). Announced before the result is visible, so that
	 * whoever looks at it afterwards is seen looking. Woven alone where the completion
	 * always happens ({@code obtrudeException}), otherwise with {@link LostRace} or
	 * {@link Cancelled}, which withdraw the announcement when it did not.
	 */
	static final class Failing {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.This Object future, @Advice.Argument(0) Object outcome) {
			FutureHooks.failing(future, outcome);
		}

	}

	/** Another completion won: the method says whether it completed the future. */
	static final class LostRace {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This Object future, @Advice.Return boolean completed) {
			if (!completed) {
				FutureHooks.notFailed(future);
			}
		}

	}

	/** The task was cancelled before it failed ({@code FutureTask.setException}). */
	static final class Cancelled {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This java.util.concurrent.Future<?> future) {
			if (future.isCancelled()) {
				FutureHooks.notFailed(future);
			}
		}

	}

	/**
	 * Somebody looked at the future's outcome, or made a stage depend on it: seen when
	 * the call returns (or throws the future's exception), after any dependent was added.
	 */
	static final class Observed {

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.This Object future) {
			FutureHooks.observed(future);
		}

	}

	/** A stage depends on this future and on the first argument ({@code thenCombine}, {@code applyToEither}...). */
	static final class ObservedWithArgument {

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.This Object future, @Advice.Argument(0) Object other) {
			FutureHooks.observed(future);
			FutureHooks.observed(other);
		}

	}

	/** A stage depends on every future of the first argument ({@code allOf}, {@code anyOf}). */
	static final class ObservedAll {

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Argument(0) Object[] futures) {
			if (futures != null) {
				for (Object future : futures) {
					FutureHooks.observed(future);
				}
			}
		}

	}

	/** A future returned, made from the function in the first argument. */
	static final class CreatedFromFirst {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.Return Object future, @Advice.Argument(0) Object function) {
			FutureHooks.created(future, function);
		}

	}

	/** A future returned, made from the function in the second argument. */
	static final class CreatedFromSecond {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.Return Object future, @Advice.Argument(1) Object function) {
			FutureHooks.created(future, function);
		}

	}

	/** A future constructed around the task in the first argument ({@code new FutureTask(callable)}). */
	static final class ConstructedFromFirst {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This Object future, @Advice.Argument(0) Object task) {
			FutureHooks.created(future, task);
		}

	}

}
