package dev.asyncloop.scheduling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.springframework.scheduling.support.DelegatingErrorHandlingRunnable;

/**
 * The task the application submitted, inside the wrapper Spring's schedulers put
 * around it: named and placed after what the application wrote, not after Spring's
 * class (which, being a framework's, would also cost a creation stack per task in
 * debug mode).
 */
final class SubmittedTasks {

	private static final VarHandle DELEGATE = delegate(DelegatingErrorHandlingRunnable.class);

	private SubmittedTasks() {
	}

	/**
	 * The task inside Spring's error-handling wrapper. Its subclasses (a task scheduled
	 * with a trigger, which reschedules itself) are tasks of their own and stay as they are.
	 */
	static Object unwrap(Object submitted) {
		if (DELEGATE != null && submitted != null && submitted.getClass() == DelegatingErrorHandlingRunnable.class) {
			Object task = DELEGATE.get((DelegatingErrorHandlingRunnable) submitted);
			return (task != null) ? task : submitted;
		}
		return submitted;
	}

	/**
	 * The private {@code delegate} field of Spring's {@code wrapper} class; {@code null}
	 * in another Spring, where the wrapper names the task through its toString().
	 */
	static VarHandle delegate(Class<?> wrapper) {
		return InternalAccess.find("the delegate field of Spring's " + wrapper.getName(),
				"tasks Spring wraps to handle their errors are named after the wrapper's toString()",
				() -> MethodHandles.privateLookupIn(wrapper, MethodHandles.lookup())
					.findVarHandle(wrapper, "delegate", Runnable.class));
	}

}
