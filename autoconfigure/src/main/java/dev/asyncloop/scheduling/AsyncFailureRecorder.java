package dev.asyncloop.scheduling;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.util.ClassUtils;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.TaskNames;

/**
 * Records the failure of an {@code @Async void} method, which has no future to hold
 * its exception, as an unretrieved exception, then hands it to the application's own
 * handler (Spring's default logs it).
 */
public final class AsyncFailureRecorder implements AsyncUncaughtExceptionHandler {

	private final Supplier<Engine> engine;

	private final AsyncUncaughtExceptionHandler delegate;

	public AsyncFailureRecorder(Supplier<Engine> engine, AsyncUncaughtExceptionHandler delegate) {
		this.engine = engine;
		this.delegate = delegate;
	}

	@Override
	public void handleUncaughtException(Throwable ex, Method method, Object... params) {
		try {
			Engine engine = this.engine.get();
			var task = engine.tracking().threads().currentTask();
			String executor = (task != null && task.executor() != null) ? task.executor().name() : "async";
			engine.failures()
				.reportNow(TaskNames.className(ClassUtils.getUserClass(method.getDeclaringClass())) + "."
						+ method.getName(), executor, ex);
		}
		catch (RuntimeException failure) {
			// Recording must never keep the application's handler from running.
		}
		this.delegate.handleUncaughtException(ex, method, params);
	}

}
