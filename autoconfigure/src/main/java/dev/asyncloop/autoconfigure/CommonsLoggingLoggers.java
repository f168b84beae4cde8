package dev.asyncloop.autoconfigure;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.internal.LogDestination;

/**
 * asyncloop's log lines through Spring's commons-logging, straight into the
 * application's logging system. The JDK's own loggers reach it in a Spring Boot
 * application only through a java.util.logging bridge that Spring Boot removes as
 * soon as the context starts closing, which would silence the report of tasks left
 * pending at shutdown.
 */
final class CommonsLoggingLoggers implements LogDestination {

	@Override
	public System.Logger logger(String name) {
		return new CommonsLogger(name, LogFactory.getLog(name));
	}

	private record CommonsLogger(String name, Log log) implements System.Logger {

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public boolean isLoggable(Level level) {
			return switch (level) {
				case ALL, TRACE -> this.log.isTraceEnabled();
				case DEBUG -> this.log.isDebugEnabled();
				case INFO -> this.log.isInfoEnabled();
				case WARNING -> this.log.isWarnEnabled();
				case ERROR -> this.log.isErrorEnabled();
				case OFF -> false;
			};
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			write(level, () -> message, thrown);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			write(level, () -> (params == null || params.length == 0) ? format : MessageFormat.format(format, params),
					null);
		}

		private void write(Level level, Supplier<String> message, Throwable thrown) {
			if (!isLoggable(level)) {
				return;
			}
			switch (level) {
				case ALL, TRACE -> this.log.trace(message.get(), thrown);
				case DEBUG -> this.log.debug(message.get(), thrown);
				case INFO -> this.log.info(message.get(), thrown);
				case WARNING -> this.log.warn(message.get(), thrown);
				case ERROR -> this.log.error(message.get(), thrown);
				case OFF -> {
				}
			}
		}

	}

}
