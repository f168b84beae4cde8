package dev.asyncloop.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * A reactive service: {@link #save} does nothing until somebody subscribes, like an
 * asyncio coroutine that runs only when awaited.
 */
@Service
class OrderService {

	private static final Log logger = LogFactory.getLog(OrderService.class);

	private final List<Order> saved = new CopyOnWriteArrayList<>();

	Mono<Order> save(Order order) {
		return Mono.fromRunnable(() -> {
			this.saved.add(order);
			logger.info("Saved order " + order.id());
		}).thenReturn(order);
	}

	List<Order> saved() {
		return this.saved;
	}

}
