package dev.asyncloop;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * An application that schedules ({@code @EnableScheduling}): asyncloop then defines
 * its debug event loop as the {@code taskScheduler}, where Spring Boot would define its
 * own.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingEnabled {

}
