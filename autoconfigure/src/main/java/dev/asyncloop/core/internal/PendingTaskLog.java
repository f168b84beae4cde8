package dev.asyncloop.core.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * asyncio's {@code Task was destroyed but it is pending!} for the shutdowns of one
 * executor: logs each task dropped while still pending. Running tasks are always
 * named; of the tasks waiting in the queue only the first {@value #LISTED} of a
 * shutdown are, the rest are counted by {@link #end()}: a backlog of a million tasks
 * must not become a million log lines.
 */
public final class PendingTaskLog {

	/** Queued tasks named one by one in the log of a shutdown. */
	static final int LISTED = 20;

	private final ExecutorMonitor executor;

	private final System.Logger logger;

	private final ApplicationCode applicationCode;

	private final InternalErrors errors;

	private final AtomicInteger listed = new AtomicInteger();

	private final AtomicInteger unlisted = new AtomicInteger();

	public PendingTaskLog(ExecutorMonitor executor, System.Logger logger, ApplicationCode applicationCode,
			InternalErrors errors) {
		this.executor = executor;
		this.logger = logger;
		this.applicationCode = applicationCode;
		this.errors = errors;
	}

	/**
	 * Logs {@code task}, dropped in state {@code state} by the shutdown under way.
	 */
	public void pending(TrackedTask task, TaskState state) {
		try {
			if (state != TaskState.RUNNING && this.listed.incrementAndGet() > LISTED) {
				this.unlisted.incrementAndGet();
				return;
			}
			ExecutorMonitor executor = task.executor();
			StringBuilder message = new StringBuilder("Task was destroyed but it is pending!\ntask: ")
				.append(task.name())
				.append(" (")
				.append(state.label())
				.append((executor != null) ? " on " + executor.name() : "")
				.append(')')
				.append(StackFrames.createdAt(this.applicationCode.creationFrames(task.creationSite())));
			this.logger.log(Level.ERROR, message.toString());
		}
		catch (Throwable ex) {
			this.errors.report("reporting a pending task", ex);
		}
	}

	/**
	 * Ends the log of one shutdown: logs how many pending tasks were not named one by one.
	 */
	public void end() {
		int unlisted = this.unlisted.getAndSet(0);
		this.listed.set(0);
		if (unlisted > 0) {
			this.logger.log(Level.ERROR, "Task was destroyed but it is pending! " + unlisted + " more task"
					+ ((unlisted == 1) ? "" : "s") + " waiting on " + this.executor.name() + " not listed");
		}
	}

}
