package dev.asyncloop.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A WebFlux application that commits, on request, each pitfall of asyncio's debug
 * mode guide, so that asyncloop has something to find.
 */
@SpringBootApplication
@EnableScheduling
@EnableAsync
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
