package com.example.catalog;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the catalog; public so that a class-based proxy can extend it (in debug mode
 * asyncloop proxies beans whose methods return publishers).
 */
@RestController
public class CatalogController {

	/** Items in the catalog: a body of about 1 KB. */
	private static final int ITEMS = 12;

	private final Catalog catalog = Catalog.sample(ITEMS);

	/**
	 * The catalog, assembled into a {@code Mono} per request as a handler would assemble
	 * its pipeline: in debug mode that assembly is application code asyncloop watches.
	 */
	@GetMapping("/catalog")
	public Mono<Catalog> catalog() {
		return Mono.just(this.catalog);
	}

}
