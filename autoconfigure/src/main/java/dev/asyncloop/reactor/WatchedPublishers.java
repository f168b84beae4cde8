package dev.asyncloop.reactor;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

import dev.asyncloop.core.NeverAwaitedWatch;

/**
 * Publishers that raise a flag when subscribed, wrapped around what an application
 * method returned: a {@code Mono} stays a {@code Mono}, a {@code Flux} a {@code Flux}.
 */
final class WatchedPublishers {

	private WatchedPublishers() {
	}

	/**
	 * {@code publisher}, wrapped so that subscribing it raises {@code subscription}.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Publisher<?> wrap(Publisher<?> publisher, NeverAwaitedWatch.Subscription subscription) {
		if (publisher instanceof Mono mono) {
			return new WatchedMono<>(mono, subscription);
		}
		if (publisher instanceof Flux flux) {
			return new WatchedFlux<>(flux, subscription);
		}
		return new WatchedPublisher<>(publisher, subscription);
	}

	/**
	 * The type reported, for example {@code Mono}.
	 */
	static String type(Publisher<?> publisher) {
		if (publisher instanceof Mono) {
			return "Mono";
		}
		if (publisher instanceof Flux) {
			return "Flux";
		}
		return publisher.getClass().getSimpleName();
	}

	private static final class WatchedMono<T> extends MonoOperator<T, T> {

		private final NeverAwaitedWatch.Subscription subscription;

		WatchedMono(Mono<? extends T> source, NeverAwaitedWatch.Subscription subscription) {
			super(source);
			this.subscription = subscription;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.subscription.subscribed();
			this.source.subscribe(actual);
		}

	}

	private static final class WatchedFlux<T> extends FluxOperator<T, T> {

		private final NeverAwaitedWatch.Subscription subscription;

		WatchedFlux(Flux<? extends T> source, NeverAwaitedWatch.Subscription subscription) {
			super(source);
			this.subscription = subscription;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.subscription.subscribed();
			this.source.subscribe(actual);
		}

	}

	private static final class WatchedPublisher<T> implements Publisher<T> {

		private final Publisher<T> source;

		private final NeverAwaitedWatch.Subscription subscription;

		WatchedPublisher(Publisher<T> source, NeverAwaitedWatch.Subscription subscription) {
			this.source = source;
			this.subscription = subscription;
		}

		@Override
		public void subscribe(Subscriber<? super T> subscriber) {
			this.subscription.subscribed();
			this.source.subscribe(subscriber);
		}

	}

}
