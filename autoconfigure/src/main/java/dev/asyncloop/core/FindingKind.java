package dev.asyncloop.core;

/**
 * The kinds of findings asyncloop reports, each kept in its own bounded journal.
 */
public enum FindingKind {

	/** A task that ran, or is still running, longer than its executor allows. */
	SLOW_CALLBACK("slow-callbacks", "slowCallbacks"),

	/** A publisher returned by an application method that nobody subscribed to. */
	NEVER_AWAITED("never-awaited", "neverAwaited"),

	/** A failed task whose exception nobody observed (a ghost task). */
	UNRETRIEVED_EXCEPTION("unretrieved-exceptions", "unretrievedExceptions"),

	/** A blocking call or blocking wait on a thread that must not block. */
	BLOCKING_CALL("blocking-calls", "blockingCalls"),

	/** Signals raced from two threads into a sink or subscriber that takes one at a time. */
	THREAD_SAFETY("thread-safety", "threadSafety"),

	/** A buffer collected without release, a pooled connection held without traffic. */
	RESOURCE_LEAK("resource-leaks", "resourceLeaks");

	private final String reportName;

	private final String fieldName;

	FindingKind(String reportName, String fieldName) {
		this.reportName = reportName;
		this.fieldName = fieldName;
	}

	/**
	 * The report's path segment, for example {@code slow-callbacks}.
	 */
	public String reportName() {
		return this.reportName;
	}

	/**
	 * The report's JSON field, for example {@code slowCallbacks}.
	 */
	public String fieldName() {
		return this.fieldName;
	}

	/**
	 * The kind whose report is named {@code reportName}, or {@code null}.
	 */
	public static FindingKind forReport(String reportName) {
		for (FindingKind kind : values()) {
			if (kind.reportName.equals(reportName)) {
				return kind;
			}
		}
		return null;
	}

}
