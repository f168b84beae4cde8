package com.example.coldstart;

import java.net.URI;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An ordinary WebFlux application, written the way the guides write them, and no
 * mistake in it but one: JSON in and out through Jackson, a WebClient call to a
 * service (itself, over loopback), a scheduled job that logs the time, and one
 * handler that blocks its event loop.
 */
@SpringBootApplication
@EnableScheduling
public class PetShopApplication {

	record Pet(String name, LocalDate birthDate, List<String> visits) {
	}

	record Owner(long id, String name, String city, List<Pet> pets) {
	}

	static Owner owner(long id) {
		return new Owner(id, "Owner " + id, "Madison",
				List.of(new Pet("Leo", LocalDate.of(2020, 9, 7), List.of("rabies shot", "neutered"))));
	}

	@RestController
	static class OwnerController {

		private final WebClient client = WebClient.create();

		@GetMapping("/owners/{id}")
		Mono<Owner> findOwner(@PathVariable long id) {
			return Mono.just(PetShopApplication.owner(id));
		}

		@GetMapping("/owners")
		Flux<Owner> owners() {
			return Flux.range(1, 20).map(PetShopApplication::owner);
		}

		@PostMapping("/owners")
		Mono<Owner> create(@RequestBody Owner owner) {
			return Mono.just(new Owner(99, owner.name(), owner.city(), owner.pets()));
		}

		/** Asks the owners service (this same application) through WebClient. */
		@GetMapping("/owners/{id}/remote")
		Mono<Owner> remote(@PathVariable long id, ServerHttpRequest request) {
			URI service = request.getURI().resolve("/owners/" + id);
			return this.client.get().uri(service).retrieve().bodyToMono(Owner.class);
		}

		/** The one mistake: a report built by sleeping on the event loop. */
		@GetMapping("/reports/slow")
		String slowReport() throws InterruptedException {
			Thread.sleep(300);
			return "done";
		}

	}

	/** As the scheduling guide's: logs the time every few seconds. */
	@Component
	static class ScheduledTasks {

		private static final Log logger = LogFactory.getLog(ScheduledTasks.class);

		private static final SimpleDateFormat dateFormat = new SimpleDateFormat("HH:mm:ss");

		@Scheduled(fixedRate = 2000)
		void reportCurrentTime() {
			logger.info("The time is now " + dateFormat.format(new Date()));
		}

	}

}
