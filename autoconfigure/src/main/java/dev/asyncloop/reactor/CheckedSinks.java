package dev.asyncloop.reactor;

import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.publisher.Sinks.EmitFailureHandler;
import reactor.core.publisher.Sinks.EmitResult;

/**
 * {@code Sinks.unsafe()} sinks handed out checked: each emission enters a
 * {@link SerialGuard}, so that a second thread emitting while another is inside is
 * reported. Everything else goes straight to the sink.
 */
final class CheckedSinks {

	private static final String CONSEQUENCE = "a Sinks.unsafe() sink takes one thread at a time: values may be "
			+ "lost or duplicated and its state corrupted";

	private CheckedSinks() {
	}

	/**
	 * {@code sink} checked, as the same kind of sink.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Object wrap(Object sink, RaceSubject subject) {
		if (sink instanceof Sinks.ManyWithUpstream many) {
			return new CheckedManyWithUpstream<>(many, subject);
		}
		if (sink instanceof Sinks.Many many) {
			return new CheckedMany<>(many, subject);
		}
		if (sink instanceof Sinks.One one) {
			return new CheckedOne<>(one, subject);
		}
		if (sink instanceof Sinks.Empty empty) {
			return new CheckedEmpty<>(empty, subject);
		}
		return sink;
	}

	static class CheckedMany<T> extends SerialGuard implements Sinks.Many<T> {

		private final Sinks.Many<T> sink;

		CheckedMany(Sinks.Many<T> sink, RaceSubject subject) {
			super(subject);
			this.sink = sink;
		}

		@Override
		public EmitResult tryEmitNext(T t) {
			return guarded("tryEmitNext", () -> this.sink.tryEmitNext(t));
		}

		@Override
		public EmitResult tryEmitComplete() {
			return guarded("tryEmitComplete", () -> this.sink.tryEmitComplete());
		}

		@Override
		public EmitResult tryEmitError(Throwable error) {
			return guarded("tryEmitError", () -> this.sink.tryEmitError(error));
		}

		@Override
		public void emitNext(T t, EmitFailureHandler failureHandler) {
			guarded("emitNext", () -> this.sink.emitNext(t, failureHandler));
		}

		@Override
		public void emitComplete(EmitFailureHandler failureHandler) {
			guarded("emitComplete", () -> this.sink.emitComplete(failureHandler));
		}

		@Override
		public void emitError(Throwable error, EmitFailureHandler failureHandler) {
			guarded("emitError", () -> this.sink.emitError(error, failureHandler));
		}

		@Override
		public int currentSubscriberCount() {
			return this.sink.currentSubscriberCount();
		}

		@Override
		public Flux<T> asFlux() {
			return this.sink.asFlux();
		}

		@Override
		public Object scanUnsafe(Attr key) {
			return this.sink.scanUnsafe(key);
		}

		@Override
		public String toString() {
			return this.sink.toString();
		}

		@Override
		String describe(String operation) {
			return "Sinks.Many." + operation;
		}

		@Override
		String consequence() {
			return CONSEQUENCE;
		}

	}

	static final class CheckedManyWithUpstream<T> extends CheckedMany<T> implements Sinks.ManyWithUpstream<T> {

		private final Sinks.ManyWithUpstream<T> sink;

		CheckedManyWithUpstream(Sinks.ManyWithUpstream<T> sink, RaceSubject subject) {
			super(sink, subject);
			this.sink = sink;
		}

		@Override
		public Disposable subscribeTo(Publisher<? extends T> upstream) {
			return this.sink.subscribeTo(upstream);
		}

	}

	static class CheckedEmpty<T> extends SerialGuard implements Sinks.Empty<T> {

		private final Sinks.Empty<T> sink;

		CheckedEmpty(Sinks.Empty<T> sink, RaceSubject subject) {
			super(subject);
			this.sink = sink;
		}

		@Override
		public EmitResult tryEmitEmpty() {
			return guarded("tryEmitEmpty", () -> this.sink.tryEmitEmpty());
		}

		@Override
		public EmitResult tryEmitError(Throwable error) {
			return guarded("tryEmitError", () -> this.sink.tryEmitError(error));
		}

		@Override
		public void emitEmpty(EmitFailureHandler failureHandler) {
			guarded("emitEmpty", () -> this.sink.emitEmpty(failureHandler));
		}

		@Override
		public void emitError(Throwable error, EmitFailureHandler failureHandler) {
			guarded("emitError", () -> this.sink.emitError(error, failureHandler));
		}

		@Override
		public int currentSubscriberCount() {
			return this.sink.currentSubscriberCount();
		}

		@Override
		public Mono<T> asMono() {
			return this.sink.asMono();
		}

		@Override
		public Object scanUnsafe(Attr key) {
			return this.sink.scanUnsafe(key);
		}

		@Override
		public String toString() {
			return this.sink.toString();
		}

		@Override
		String describe(String operation) {
			return "Sinks.Empty." + operation;
		}

		@Override
		String consequence() {
			return CONSEQUENCE;
		}

	}

	static final class CheckedOne<T> extends CheckedEmpty<T> implements Sinks.One<T> {

		private final Sinks.One<T> sink;

		CheckedOne(Sinks.One<T> sink, RaceSubject subject) {
			super(sink, subject);
			this.sink = sink;
		}

		@Override
		public EmitResult tryEmitValue(T value) {
			return guarded("tryEmitValue", () -> this.sink.tryEmitValue(value));
		}

		@Override
		public void emitValue(T value, EmitFailureHandler failureHandler) {
			guarded("emitValue", () -> this.sink.emitValue(value, failureHandler));
		}

		@Override
		String describe(String operation) {
			return "Sinks.One." + operation;
		}

	}

}
