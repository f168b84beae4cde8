package dev.asyncloop.actuate;

/**
 * A task that fails, in the package of the endpoint tests' applications so that its
 * failure is their application's mistake.
 */
final class FailingTasks {

	private FailingTasks() {
	}

	static String fail() {
		throw new IllegalStateException("This is a hidden exception!");
	}

}
