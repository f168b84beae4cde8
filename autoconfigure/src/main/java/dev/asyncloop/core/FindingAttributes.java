package dev.asyncloop.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a finding's {@link Finding#attributes() attributes}.
 */
final class FindingAttributes {

	private FindingAttributes() {
	}

	/**
	 * The attributes named and valued in turn ({@code "task", task, "executor",
	 * executor, ...}), in that order, leaving out those whose value is unknown.
	 */
	static Map<String, Object> of(Object... namesAndValues) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (namesAndValues[i + 1] != null) {
				attributes.put((String) namesAndValues[i], namesAndValues[i + 1]);
			}
		}
		return Collections.unmodifiableMap(attributes);
	}

}
