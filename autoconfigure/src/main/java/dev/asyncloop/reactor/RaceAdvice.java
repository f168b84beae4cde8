package dev.asyncloop.reactor;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Sinks;

/**
 * The code {@link RaceInstrumentation} weaves into Reactor: each piece hands what it
 * sees to {@link RaceHooks}. Nothing thrown here reaches the application.
 */
final class RaceAdvice {

	private RaceAdvice() {
	}

	/** A sink spec made a sink: the spec returns what the hooks say. */
	static final class SinkMade {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object sink,
				@Advice.Origin("#m") String method) {
			// Asked here, in the woven method, so that the caller found is the method's own.
			sink = RaceHooks.sinkMade(sink, method, RaceHooks.CALLERS.getCallerClass());
		}

	}

	/** A serialized sink's {@code tryEmit...} returned: one comparison, unless it was rejected. */
	static final class Rejected {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This Object sink, @Advice.Return Sinks.EmitResult result,
				@Advice.Origin("#m") String method) {
			if (result == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
				RaceHooks.rejected(sink, method);
			}
		}

	}

	/** A sink's {@code emit...} retry loop threw: its failure handler may have given up. */
	static final class EmitThrew {

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.This Object sink, @Advice.Thrown Throwable thrown,
				@Advice.Origin("#m") String method) {
			if (thrown != null) {
				RaceHooks.emitGaveUp(sink, method, thrown);
			}
		}

	}

	/** {@code Flux.push} or {@code Flux.create} is being assembled with an emitter. */
	static final class PushAssembled {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(
				@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object emitter,
				@Advice.Argument(2) Object mode) {
			emitter = RaceHooks.pushEmitter(emitter, mode);
		}

	}

	/** {@code Flux.from} or {@code Mono.from} of some publisher is being subscribed. */
	static final class SourceSubscribed {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.FieldValue("source") Object source,
				@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object subscriber) {
			subscriber = RaceHooks.foreignSubscriber(subscriber, source);
		}

	}

}
