package dev.asyncloop.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;

import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

import dev.asyncloop.core.internal.PublisherChain;

/**
 * The members of a watched chain: transparent wrappers around what the application
 * assembled, noting the first time each is consumed (subscribed, or called as a
 * {@link Callable} as Reactor does instead of subscribing). A {@code Mono} stays a
 * {@code Mono} and a {@code Flux} a {@code Flux}, {@link Fuseable} and
 * {@link Callable} when what they wrap is (some operators behave differently on a
 * {@code Callable}), and subscribers go straight through to what they wrap: no signal
 * passes through a member.
 */
final class AssembledPublishers {

	static final String MONO = "Mono";

	static final String FLUX = "Flux";

	/** A class for each variant, so that an operator's field that might hold a member can be told. */
	static final Class<?>[] VARIANTS = { FuseableCallableMono.class, FuseableCallableFlux.class };

	private AssembledPublishers() {
	}

	/**
	 * {@code publisher}, a {@code Mono} or a {@code Flux} of the given shape, as a member
	 * of {@code chain}. Typed as a publisher, so that handing it back to Reactor needs no
	 * cast to an interface: on JDK 17 each such cast may scan the class's interfaces and
	 * rewrite a cache that Reactor's own type checks use as well.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Publisher<Object> wrap(Object publisher, OperatorShape shape, PublisherChain chain) {
		boolean fuseable = shape.fuseable;
		if (shape.mono) {
			Mono mono = (Mono) publisher;
			return shape.callable
					? (fuseable ? new FuseableCallableMono<>(mono, chain) : new CallableMono<>(mono, chain))
					: (fuseable ? new FuseableMono<>(mono, chain) : new AssembledMono<>(mono, chain));
		}
		Flux flux = (Flux) publisher;
		return shape.callable ? (fuseable ? new FuseableCallableFlux<>(flux, chain) : new CallableFlux<>(flux, chain))
				: (fuseable ? new FuseableFlux<>(flux, chain) : new AssembledFlux<>(flux, chain));
	}

	/**
	 * {@code publisher} as a member, if it is one (of any application); told by class,
	 * which is cheaper than by interface.
	 */
	static Member member(Object publisher) {
		if (publisher instanceof AssembledMono<?> mono) {
			return mono;
		}
		return (publisher instanceof AssembledFlux<?> flux) ? flux : null;
	}

	/**
	 * A member of a watched chain.
	 */
	interface Member {

		PublisherChain chain();

		/**
		 * Marks this member consumed.
		 * @return whether it was not consumed before
		 */
		boolean consume();

		boolean isConsumed();

		/** What this member wraps. */
		Object source();

	}

	/**
	 * The first consumption of a member, counted once for its chain. Whatever happens in
	 * here, the subscription it is part of goes on.
	 */
	private static void consumed(Member member) {
		try {
			if (member.consume()) {
				member.chain().consumed();
			}
		}
		catch (RuntimeException ex) {
			// Counting is asyncloop's business; the application's subscription must not fail for it.
		}
	}

	private static Object scanWrapped(Object source, Scannable.Attr<?> key) {
		if (key == Scannable.Attr.PARENT) {
			return source;
		}
		if (key == Scannable.Attr.RUN_STYLE) {
			return Scannable.Attr.RunStyle.SYNC;
		}
		if (key == Scannable.Attr.NAME || key == Scannable.Attr.TAGS || key == Scannable.Attr.LIFTER
				|| key == Scannable.Attr.ACTUAL_METADATA || key == Scannable.Attr.ACTUAL) {
			return null;
		}
		// Prefetch, whether Reactor produced it, ...: a member is what it wraps.
		return Scannable.from(source).scanUnsafe(key);
	}

	@SuppressWarnings("unchecked")
	private static <T> T call(Member member) throws Exception {
		consumed(member);
		return ((Callable<T>) member.source()).call();
	}

	static class AssembledMono<T> extends MonoOperator<T, T> implements Member {

		private static final VarHandle CONSUMED = consumedHandle(AssembledMono.class);

		private final PublisherChain chain;

		@SuppressWarnings("unused") // through CONSUMED
		private volatile int consumed;

		AssembledMono(Mono<? extends T> source, PublisherChain chain) {
			super(source);
			this.chain = chain;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			consumed(this);
			this.source.subscribe(actual);
		}

		@Override
		public PublisherChain chain() {
			return this.chain;
		}

		@Override
		public boolean consume() {
			return this.consumed == 0 && CONSUMED.compareAndSet(this, 0, 1);
		}

		@Override
		public boolean isConsumed() {
			return this.consumed != 0;
		}

		@Override
		public Object source() {
			return this.source;
		}

		@Override
		public Object scanUnsafe(Attr key) {
			return scanWrapped(this.source, key);
		}

		@Override
		public String stepName() {
			return Scannable.from(this.source).stepName();
		}

		@Override
		public String toString() {
			return this.source.toString();
		}

	}

	static class FuseableMono<T> extends AssembledMono<T> implements Fuseable {

		FuseableMono(Mono<? extends T> source, PublisherChain chain) {
			super(source, chain);
		}

	}

	static class CallableMono<T> extends AssembledMono<T> implements Callable<T> {

		CallableMono(Mono<? extends T> source, PublisherChain chain) {
			super(source, chain);
		}

		@Override
		public T call() throws Exception {
			return AssembledPublishers.call(this);
		}

	}

	static final class FuseableCallableMono<T> extends CallableMono<T> implements Fuseable {

		FuseableCallableMono(Mono<? extends T> source, PublisherChain chain) {
			super(source, chain);
		}

	}

	static class AssembledFlux<T> extends FluxOperator<T, T> implements Member {

		private static final VarHandle CONSUMED = consumedHandle(AssembledFlux.class);

		private final PublisherChain chain;

		@SuppressWarnings("unused") // through CONSUMED
		private volatile int consumed;

		AssembledFlux(Flux<? extends T> source, PublisherChain chain) {
			super(source);
			this.chain = chain;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			consumed(this);
			this.source.subscribe(actual);
		}

		@Override
		public int getPrefetch() {
			return this.source.getPrefetch();
		}

		@Override
		public PublisherChain chain() {
			return this.chain;
		}

		@Override
		public boolean consume() {
			return this.consumed == 0 && CONSUMED.compareAndSet(this, 0, 1);
		}

		@Override
		public boolean isConsumed() {
			return this.consumed != 0;
		}

		@Override
		public Object source() {
			return this.source;
		}

		@Override
		public Object scanUnsafe(Attr key) {
			return scanWrapped(this.source, key);
		}

		@Override
		public String stepName() {
			return Scannable.from(this.source).stepName();
		}

		@Override
		public String toString() {
			return this.source.toString();
		}

	}

	static class FuseableFlux<T> extends AssembledFlux<T> implements Fuseable {

		FuseableFlux(Flux<? extends T> source, PublisherChain chain) {
			super(source, chain);
		}

	}

	static class CallableFlux<T> extends AssembledFlux<T> implements Callable<T> {

		CallableFlux(Flux<? extends T> source, PublisherChain chain) {
			super(source, chain);
		}

		@Override
		public T call() throws Exception {
			return AssembledPublishers.call(this);
		}

	}

	static final class FuseableCallableFlux<T> extends CallableFlux<T> implements Fuseable {

		FuseableCallableFlux(Flux<? extends T> source, PublisherChain chain) {
			super(source, chain);
		}

	}

	private static VarHandle consumedHandle(Class<?> type) {
		try {
			return MethodHandles.lookup().findVarHandle(type, "consumed", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

}
