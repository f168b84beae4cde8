package dev.asyncloop.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what asyncloop logs under one logger name. asyncloop logs through
 * {@link System.Logger}, which the JDK routes to java.util.logging unless an
 * application installs another backend (Spring Boot bridges it on to SLF4J).
 */
final class LogCapture extends Handler implements AutoCloseable {

	private final Logger logger;

	final List<String> messages = new CopyOnWriteArrayList<>();

	LogCapture(String loggerName) {
		this.logger = Logger.getLogger(loggerName);
		this.logger.addHandler(this);
	}

	@Override
	public void publish(LogRecord record) {
		this.messages.add(record.getMessage());
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		this.logger.removeHandler(this);
	}

}
