package dev.asyncloop.autoconfigure;

/**
 * An asyncloop property has a value asyncloop cannot work with. Stops startup; the
 * {@link AsyncLoopPropertiesFailureAnalyzer} explains it.
 */
public class InvalidAsyncLoopPropertyException extends IllegalArgumentException {

	private final String property;

	private final transient Object value;

	private final String allowed;

	/**
	 * @param property the property's name, for example {@code asyncloop.slow-callback-duration}
	 * @param value the bad value
	 * @param allowed what is allowed instead, for example {@code a positive duration}
	 */
	public InvalidAsyncLoopPropertyException(String property, Object value, String allowed) {
		super("Invalid value '" + value + "' for property '" + property + "': must be " + allowed);
		this.property = property;
		this.value = value;
		this.allowed = allowed;
	}

	public String getProperty() {
		return this.property;
	}

	public Object getValue() {
		return this.value;
	}

	public String getAllowed() {
		return this.allowed;
	}

}
