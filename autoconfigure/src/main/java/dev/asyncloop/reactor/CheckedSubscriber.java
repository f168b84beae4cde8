package dev.asyncloop.reactor;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.util.context.Context;

/**
 * Stands between a publisher that is not Reactor's and the Reactor subscriber it
 * signals: an {@code onNext}, {@code onError} or {@code onComplete} entering while
 * another thread is still inside one breaks Reactive Streams rule 1.3 (signals in
 * series) and is reported. Every signal is passed on as it came.
 */
final class CheckedSubscriber<T> extends SerialGuard implements CoreSubscriber<T>, Scannable {

	private final CoreSubscriber<T> actual;

	CheckedSubscriber(CoreSubscriber<T> actual, RaceSubject subject) {
		super(subject);
		this.actual = actual;
	}

	/**
	 * Passed on unchecked: a publisher that starts delivering on another thread as soon
	 * as it is asked, while {@code onSubscribe} is still returning, is common and does
	 * no harm to Reactor's subscribers.
	 */
	@Override
	public void onSubscribe(Subscription s) {
		this.actual.onSubscribe(s);
	}

	@Override
	public void onNext(T t) {
		guarded("onNext", () -> this.actual.onNext(t));
	}

	@Override
	public void onError(Throwable t) {
		guarded("onError", () -> this.actual.onError(t));
	}

	@Override
	public void onComplete() {
		guarded("onComplete", () -> this.actual.onComplete());
	}

	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public Object scanUnsafe(Attr key) {
		return (key == Attr.ACTUAL) ? this.actual : null;
	}

	@Override
	String describe(String operation) {
		return operation;
	}

	@Override
	String consequence() {
		return "Reactive Streams rule 1.3: signals to a subscriber must not overlap; operators downstream may lose "
				+ "or duplicate elements";
	}

}
