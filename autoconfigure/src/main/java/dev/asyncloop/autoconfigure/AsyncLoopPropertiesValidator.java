package dev.asyncloop.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import dev.asyncloop.core.internal.DurationLimits;

/**
 * Checks each {@code asyncloop.*} value while Spring Boot binds {@link AsyncLoopProperties},
 * under the name the binder gives it, and stops startup at the first bad one with an
 * {@link InvalidAsyncLoopPropertyException} quoting the value as the user wrote it.
 *
 * <p>Rules follow the type: a boolean must be {@code true} or {@code false} (Spring's
 * conditions read {@code on} or {@code maybe} as false and would switch a part of
 * asyncloop off without a word, while binding reads some of them as true); a duration
 * must be positive and at most {@link DurationLimits#MAX_TEXT}; a whole number must lie
 * in its range. The few properties with other rules are listed here by name.
 */
class AsyncLoopPropertiesValidator implements ConfigurationPropertiesBindHandlerAdvisor {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("asyncloop");

	/** Whole-number properties and what they allow. */
	private static final Map<String, Range> RANGES = Map.of("asyncloop.journal-size",
			new Range(1, AsyncLoopProperties.MAX_JOURNAL_SIZE, 256), "asyncloop.loop.threads",
			new Range(1, AsyncLoopProperties.MAX_LOOP_THREADS, 4));

	/** Durations that may also be zero, which switches what they delay off. */
	private static final String ZERO_ALLOWED = "asyncloop.startup-grace";

	private static final String PAGE_PATH_PROPERTY = "asyncloop.dashboard.path";

	private static final Pattern PAGE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new CheckingBindHandler(bindHandler);
	}

	/**
	 * Checks the text of the boolean {@code property}.
	 * @throws InvalidAsyncLoopPropertyException unless it is {@code true} or {@code false}
	 */
	static void requireBoolean(String property, Object written) {
		if (written instanceof String text && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
			throw new InvalidAsyncLoopPropertyException(property, text, "true or false");
		}
	}

	/**
	 * Checks {@code value}, bound to {@code property} from {@code written}.
	 * @throws InvalidAsyncLoopPropertyException if it is not allowed
	 */
	static void check(String property, Object written, Object value) {
		if (value instanceof Boolean) {
			requireBoolean(property, written);
		}
		else if (value instanceof Duration duration) {
			boolean zeroAllowed = property.equals(ZERO_ALLOWED);
			if (duration.isNegative() || (duration.isZero() && !zeroAllowed) || DurationLimits.isTooLong(duration)) {
				throw new InvalidAsyncLoopPropertyException(property, quote(written, DurationText.of(duration)),
						zeroAllowed ? "a duration of zero or more and at most " + DurationLimits.MAX_TEXT
								+ ", such as 0s or 30s"
								: "a positive duration of at most " + DurationLimits.MAX_TEXT + ", such as 100ms or 2s");
			}
		}
		else if (value instanceof Integer number) {
			Range range = RANGES.get(property);
			if (range != null && (number < range.min() || number > range.max())) {
				throw new InvalidAsyncLoopPropertyException(property, quote(written, number), range.allowed());
			}
		}
		else if (property.equals(PAGE_PATH_PROPERTY) && !PAGE_PATH.matcher(String.valueOf(value)).matches()) {
			throw new InvalidAsyncLoopPropertyException(property, quote(written, value),
					"a path of one or more segments of letters, digits, '.', '_', '~' or '-', "
							+ "starting with '/' and not ending with one, such as /asyncloop");
		}
	}

	private static Object quote(Object written, Object bound) {
		return (written != null) ? written : bound;
	}

	/**
	 * The values a whole-number property allows.
	 */
	private record Range(int min, int max, int example) {

		String allowed() {
			return "a whole number from " + this.min + " to " + this.max + ", such as " + this.example;
		}

	}

	/**
	 * Checks every value bound under {@code asyncloop}, and reports one that does not
	 * convert to a boolean or a whole number with what is allowed; other properties
	 * pass untouched.
	 */
	private static final class CheckingBindHandler extends AbstractBindHandler {

		CheckingBindHandler(BindHandler parent) {
			super(parent);
		}

		@Override
		public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			if (PREFIX.isAncestorOf(name) && context.getConfigurationProperty() != null) {
				check(name.toString(), context.getConfigurationProperty().getValue(), result);
			}
			return super.onSuccess(name, target, context, result);
		}

		@Override
		public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Exception error) throws Exception {
			if (PREFIX.isAncestorOf(name) && !(error instanceof BindException)
					&& !(error instanceof InvalidAsyncLoopPropertyException)
					&& context.getConfigurationProperty() != null) {
				Object written = context.getConfigurationProperty().getValue();
				if (isBoolean(target)) {
					requireBoolean(name.toString(), written);
				}
				Range range = RANGES.get(name.toString());
				if (range != null) {
					throw new InvalidAsyncLoopPropertyException(name.toString(), written, range.allowed());
				}
			}
			return super.onFailure(name, target, context, error);
		}

		private static boolean isBoolean(Bindable<?> target) {
			Class<?> type = target.getType().resolve();
			return type == boolean.class || type == Boolean.class;
		}

	}

}
