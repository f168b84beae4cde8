package dev.asyncloop.autoconfigure;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

import dev.asyncloop.core.internal.LogDestination;

/**
 * asyncloop's log lines through Spring's commons-logging, straight into the
 * application's logging system. The JDK's own loggers reach it in a Spring Boot
 * application only through a java.util.logging bridge that Spring Boot removes as
 * soon as the context starts closing, which would silence the report of tasks left
 * pending at shutdown.
 */
final class CommonsLoggingLoggers implements LogDestination {

	private static final boolean MDC_PRESENT = ClassUtils.isPresent("org.slf4j.MDC",
			CommonsLoggingLoggers.class.getClassLoader());

	@Override
	public System.Logger logger(String name) {
		return new CommonsLogger(name, LogFactory.getLog(name));
	}

	/**
	 * Puts the ids in SLF4J's MDC, under the keys Micrometer Tracing uses and Spring
	 * Boot's log correlation pattern shows, for as long as the line is written.
	 */
	@Override
	public void inTrace(String traceId, String spanId, Runnable write) {
		if (!MDC_PRESENT) {
			write.run();
			return;
		}
		TraceMdc.run(traceId, spanId, write);
	}

	/**
	 * Kept apart so that SLF4J is only loaded where it is present.
	 */
	private static final class TraceMdc {

		static void run(String traceId, String spanId, Runnable write) {
			String outerTrace = MDC.get("traceId");
			String outerSpan = MDC.get("spanId");
			put("traceId", traceId);
			put("spanId", spanId);
			try {
				write.run();
			}
			finally {
				put("traceId", outerTrace);
				put("spanId", outerSpan);
			}
		}

		private static void put(String key, String value) {
			if (value != null) {
				MDC.put(key, value);
			}
			else {
				MDC.remove(key);
			}
		}

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
