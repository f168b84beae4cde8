package dev.asyncloop.scheduling;

import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.MessageHandlingRunnable;

import dev.asyncloop.core.internal.TaskNames;

/**
 * Names a Spring messaging task (a message a channel hands to its handler on an
 * executor, as STOMP's inbound and outbound channels do) after its handler and the
 * message's destination: {@code SimpAnnotationMethodMessageHandler /app/hello}. Loaded
 * only when spring-messaging is on the class path.
 */
final class MessageTaskNames {

	/** The header Spring's simple messaging protocols keep a message's destination in. */
	private static final String DESTINATION = "simpDestination";

	private MessageTaskNames() {
	}

	static String of(Object task) {
		if (!(task instanceof MessageHandlingRunnable runnable)) {
			return null;
		}
		MessageHandler handler = runnable.getMessageHandler();
		String name = TaskNames.className(handler.getClass());
		Object destination = runnable.getMessage().getHeaders().get(DESTINATION);
		return (destination != null) ? name + " " + destination : name;
	}

}
