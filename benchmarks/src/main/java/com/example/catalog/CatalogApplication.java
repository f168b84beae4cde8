package com.example.catalog;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small WebFlux application, in a package of its own as an application's would be,
 * so that asyncloop counts its frames as the application's: one endpoint serving a
 * catalog as JSON. Started by {@code WebFluxRequestsBenchmark}, with the asyncloop
 * starter's auto-configuration as any application that adds the starter gets it.
 */
@SpringBootApplication
public class CatalogApplication {

	/**
	 * The argument that leaves Micrometer Tracing out, as in an application without it:
	 * its OpenTelemetry bridge is on the benchmarks' class path for the traced requests
	 * only.
	 */
	public static final String UNTRACED = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration";

}
