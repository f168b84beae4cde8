package dev.asyncloop.scheduling;

import org.springframework.scheduling.support.TaskUtils;
import org.springframework.util.ErrorHandler;
import org.springframework.util.ReflectionUtils;

import dev.asyncloop.core.internal.TaskTracking;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * The debug event loop's error handler, so that a failing task is reported once, in
 * asyncloop's words. Spring's default would log each failure, and asyncloop reports
 * it too ({@code Task exception was never retrieved}); this handler does what Spring's
 * default does without the log line. An error handler the application sets gets every
 * failure instead, as it would without asyncloop.
 */
final class LoopErrorHandler implements ErrorHandler {

	private final TaskTracking tracking;

	private volatile ErrorHandler application;

	LoopErrorHandler(TaskTracking tracking) {
		this.tracking = tracking;
	}

	/**
	 * The application's own handler, or {@code null} for asyncloop's default.
	 */
	void setApplicationHandler(ErrorHandler application) {
		this.application = application;
	}

	@Override
	public void handleError(Throwable ex) {
		this.tracking.threads().currentTaskFailed();
		ErrorHandler application = this.application;
		if (application != null) {
			application.handleError(ex);
			return;
		}
		TrackedTask task = this.tracking.threads().currentTask();
		if (task instanceof ExecutedLoopTask) {
			// Given to execute(): no future holds it, nothing can ever retrieve it.
			this.tracking.failures().failed(task, ex);
			return;
		}
		if (!(task instanceof LoopTask<?> loopTask)) {
			// Not run by the loop's tracking (it failed): Spring's default for a one-time task.
			TaskUtils.LOG_AND_PROPAGATE_ERROR_HANDLER.handleError(ex);
			return;
		}
		if (loopTask.repeats()) {
			// As with Spring's default, the task runs again; nothing can ever retrieve this failure.
			this.tracking.failures().failed(loopTask, ex);
			return;
		}
		// The task's future holds the failure; the loop reports it unless somebody observes it.
		ReflectionUtils.rethrowRuntimeException(ex);
	}

}
