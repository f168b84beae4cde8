package dev.asyncloop.tracing;

import java.util.function.Function;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

import dev.asyncloop.reactor.ServedRequests;

/**
 * The observation of the WebFlux request an event-loop thread serves: Spring keeps it
 * among the exchange's attributes, where no thread-local reaches it. A handler that
 * blocks its event loop is found through it, on the watchdog's thread.
 */
public final class ServedObservations implements Function<Thread, Object> {

	private final ServedRequests requests;

	public ServedObservations(ServedRequests requests) {
		this.requests = requests;
	}

	@Override
	public Object apply(Thread thread) {
		ServerWebExchange exchange = this.requests.exchangeOf(thread);
		return (exchange != null)
				? exchange.getAttribute(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE) : null;
	}

}
