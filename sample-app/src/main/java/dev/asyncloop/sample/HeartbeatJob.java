package dev.asyncloop.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A healthy job on the debug event loop: short, regular, never blocking.
 */
@Component
class HeartbeatJob {

	private final AtomicLong beats = new AtomicLong();

	@Scheduled(fixedRate = 1000)
	void beat() {
		this.beats.incrementAndGet();
	}

	long beats() {
		return this.beats.get();
	}

}
