package dev.asyncloop.reactor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Which request each event-loop thread is serving, so that a stall is named after it
 * ({@code GET /owners/{id}}) instead of after whatever frame the loop was in. A
 * request is known to its thread while the filter chain is subscribed, which is when
 * a WebFlux handler runs unless it waits for the request's body first; a stall after
 * that is named after the handler's method instead.
 *
 * <p>Per request: one map entry put and removed on the serving thread.
 */
public final class ServedRequests implements WebFilter, Ordered, Function<Thread, String> {

	private final Map<Thread, ServerWebExchange> serving = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return new Serving(chain.filter(exchange), exchange, this.serving);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * The exchange {@code thread} is serving, or {@code null}.
	 */
	public ServerWebExchange exchangeOf(Thread thread) {
		return this.serving.get(thread);
	}

	/**
	 * The request {@code thread} is serving, as {@code METHOD pattern} (the route's
	 * pattern once a handler mapping chose one, else the path), or {@code null}.
	 */
	@Override
	public String apply(Thread thread) {
		ServerWebExchange exchange = exchangeOf(thread);
		if (exchange == null) {
			return null;
		}
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String path = (pattern != null) ? pattern.toString() : exchange.getRequest().getPath().value();
		return exchange.getRequest().getMethod().name() + " " + path;
	}

	/**
	 * The filter chain of one request, marking its thread as serving it while it is
	 * subscribed.
	 */
	private static final class Serving extends MonoOperator<Void, Void> {

		private final ServerWebExchange exchange;

		private final Map<Thread, ServerWebExchange> serving;

		Serving(Mono<Void> chain, ServerWebExchange exchange, Map<Thread, ServerWebExchange> serving) {
			super(chain);
			this.exchange = exchange;
			this.serving = serving;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			Thread thread = Thread.currentThread();
			ServerWebExchange outer = this.serving.put(thread, this.exchange);
			try {
				this.source.subscribe(actual);
			}
			finally {
				if (outer != null) {
					this.serving.put(thread, outer);
				}
				else {
					this.serving.remove(thread, this.exchange);
				}
			}
		}

	}

}
