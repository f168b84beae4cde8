package dev.asyncloop.core;

/**
 * Whether an executor's threads may block.
 *
 * <p>A {@link #NON_BLOCKING} executor is an event loop: every task on it must be short,
 * so a task running longer than the slow-callback duration is a finding. A
 * {@link #BLOCKING} executor is a worker pool where blocking is allowed; only tasks
 * running longer than its own long-task duration are reported.
 */
public enum ExecutorKind {

	NON_BLOCKING("non-blocking"),

	BLOCKING("blocking");

	private final String label;

	ExecutorKind(String label) {
		this.label = label;
	}

	/**
	 * The name used in reports: {@code non-blocking} or {@code blocking}.
	 */
	public String label() {
		return this.label;
	}

}
