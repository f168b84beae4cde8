package dev.asyncloop.reactor;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import reactor.core.Exceptions;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.util.Logger;
import reactor.util.Loggers;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.scheduling.InternalAccess;
import dev.asyncloop.core.UnretrievedException;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.StackFrames;
import dev.asyncloop.core.internal.TraceIds;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * Records errors Reactor drops ({@code subscribe()} without an error consumer, an
 * error after termination) as unretrieved exceptions: Reactor's ghost tasks.
 *
 * <p>{@code Hooks.onErrorDropped} composes hooks but cannot remove one. Installing
 * ours would also silence Reactor's own default (logging the error) when no other
 * hook exists, so ours keeps that behaviour. On close the previous hook is put back
 * when nobody added one after ours; otherwise ours is left inert.
 */
final class DroppedErrors implements Consumer<Throwable>, AutoCloseable {

	private static final Logger reactorLog = Loggers.getLogger(Operators.class);

	private final Engine engine;

	private final Consumer<? super Throwable> previous;

	private final boolean previousKnown;

	private final Object installed;

	private volatile boolean active = true;

	private DroppedErrors(Engine engine) {
		this.engine = engine;
		HookField field = HookField.INSTANCE;
		this.previousKnown = field.readable();
		this.previous = field.read();
		Hooks.onErrorDropped(this);
		this.installed = field.read();
	}

	static DroppedErrors install(Engine engine) {
		return new DroppedErrors(engine);
	}

	@Override
	public void accept(Throwable error) {
		if (!this.active) {
			return;
		}
		try {
			record(error);
		}
		catch (Throwable ex) {
			this.engine.tracking().errors().report("recording an error Reactor dropped", ex);
		}
		if (this.previousKnown && this.previous == null) {
			// Ours is the only hook: keep Reactor's default, which logs the error.
			reactorLog.error("Operator called default onErrorDropped", error);
		}
	}

	private void record(Throwable error) {
		Throwable cause = (Exceptions.isErrorCallbackNotImplemented(error) && error.getCause() != null)
				? error.getCause() : error;
		Thread thread = Thread.currentThread();
		TrackedTask task = this.engine.tracking().threads().currentTask();
		ExecutorMonitor executor = this.engine.tracking().threads().executorOf(thread);
		String taskName = (task != null) ? task.name()
				: Exceptions.isErrorCallbackNotImplemented(error) ? "subscribe() without an error handler"
						: "Reactor dropped error";
		Object trace = this.engine.findings().traces().here(task);
		TraceIds ids = this.engine.findings().traces().ids(trace);
		this.engine.findings().record(new UnretrievedException(taskName,
				(executor != null) ? executor.name() : thread.getName(),
				cause.getClass().getName() + ": " + cause.getMessage(), StackFrames.render(cause.getStackTrace()),
				List.of(), Instant.now(), false, ids.traceId(), ids.spanId()), trace);
	}

	@Override
	public void close() {
		this.active = false;
		HookField field = HookField.INSTANCE;
		if (this.previousKnown && field.read() == this.installed) {
			Hooks.resetOnErrorDropped();
			if (this.previous != null) {
				Hooks.onErrorDropped(this.previous);
			}
		}
	}

	/**
	 * Reads Reactor's current onErrorDropped hook, which Reactor does not expose.
	 * Without access (a locked-down module path), asyncloop's hook is left inert at close.
	 */
	static final class HookField {

		static final HookField INSTANCE = new HookField(Hooks.class, "onErrorDroppedHook");

		private final Field field;

		HookField(Class<?> hooks, String name) {
			this.field = InternalAccess.find("Reactor's " + hooks.getName() + "." + name,
					"when asyncloop closes, its onErrorDropped hook is left in place, inert, "
							+ "instead of the previous one being put back",
					() -> {
						Field field = hooks.getDeclaredField(name);
						field.setAccessible(true);
						return field;
					});
		}

		boolean readable() {
			return this.field != null;
		}

		@SuppressWarnings("unchecked")
		Consumer<? super Throwable> read() {
			try {
				return (this.field != null) ? (Consumer<? super Throwable>) this.field.get(null) : null;
			}
			catch (IllegalAccessException ex) {
				return null;
			}
		}

	}

}
