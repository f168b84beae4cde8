package dev.asyncloop.core.internal;

/**
 * Where a live task is.
 */
public enum TaskState {

	/** Due, waiting for a thread. */
	QUEUED("queued"),

	/** Waiting for its time to come. */
	SCHEDULED("scheduled"),

	/** On a thread now. */
	RUNNING("running");

	private final String label;

	TaskState(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

}
