package com.example.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ordinary WebFlux application in its own package, so that asyncloop learns its
 * packages from {@code @SpringBootApplication} as it would in a real one.
 */
@SpringBootApplication
public class ShopApplication {

}
