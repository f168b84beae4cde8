package dev.asyncloop.reactor;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The emitter given to {@code Flux.push}, handed a checked sink: {@code Flux.push}'s
 * sink takes one producer thread at a time ({@code Flux.create}'s serializes), so a
 * second thread signalling while another is inside is reported.
 */
final class CheckedPush implements Consumer<FluxSink<Object>> {

	private final Consumer<? super FluxSink<Object>> emitter;

	private final RaceSubject subject;

	CheckedPush(Consumer<? super FluxSink<Object>> emitter, RaceSubject subject) {
		this.emitter = emitter;
		this.subject = subject;
	}

	/**
	 * The application's emitter: who wrote it is who assembled the {@code Flux}.
	 */
	Object emitter() {
		return this.emitter;
	}

	@Override
	public void accept(FluxSink<Object> sink) {
		this.emitter.accept(new CheckedFluxSink<>(sink, this.subject));
	}

	@Override
	public String toString() {
		return this.emitter.toString();
	}

	static final class CheckedFluxSink<T> extends SerialGuard implements FluxSink<T> {

		private final FluxSink<T> sink;

		CheckedFluxSink(FluxSink<T> sink, RaceSubject subject) {
			super(subject);
			this.sink = sink;
		}

		@Override
		public FluxSink<T> next(T t) {
			guarded("next", () -> this.sink.next(t));
			return this;
		}

		@Override
		public void complete() {
			guarded("complete", () -> this.sink.complete());
		}

		@Override
		public void error(Throwable e) {
			guarded("error", () -> this.sink.error(e));
		}

		@Override
		@SuppressWarnings("deprecation")
		public Context currentContext() {
			return this.sink.currentContext();
		}

		@Override
		public ContextView contextView() {
			return this.sink.contextView();
		}

		@Override
		public long requestedFromDownstream() {
			return this.sink.requestedFromDownstream();
		}

		@Override
		public boolean isCancelled() {
			return this.sink.isCancelled();
		}

		@Override
		public FluxSink<T> onRequest(LongConsumer consumer) {
			this.sink.onRequest(consumer);
			return this;
		}

		@Override
		public FluxSink<T> onCancel(Disposable d) {
			this.sink.onCancel(d);
			return this;
		}

		@Override
		public FluxSink<T> onDispose(Disposable d) {
			this.sink.onDispose(d);
			return this;
		}

		@Override
		public String toString() {
			return this.sink.toString();
		}

		@Override
		String describe(String operation) {
			return "FluxSink." + operation;
		}

		@Override
		String consequence() {
			return "Flux.push's sink takes one producer thread at a time (Flux.create's serializes): values may be "
					+ "lost or duplicated";
		}

	}

}
