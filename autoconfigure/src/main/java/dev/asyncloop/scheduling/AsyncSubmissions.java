package dev.asyncloop.scheduling;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

import dev.asyncloop.core.internal.TrackedTask;

/**
 * Names the one task of an {@code @Async} method that asyncloop cannot look into
 * while it waits in a queue: the JDK's {@code CompletableFuture$AsyncSupply}, which
 * Spring hands an application's own {@code ThreadPoolTaskExecutor} for a method that
 * returns {@code CompletableFuture}. An advice outside Spring's async interceptor
 * notes the method on the calling thread while the interceptor submits it, and the
 * first such task tracked on that thread meanwhile takes the name.
 *
 * <p>Not {@code Ordered}, so that it runs after Spring's own (ordered) async
 * post-processor and its advice goes outside Spring's.
 */
public class AsyncSubmissions implements BeanPostProcessor {

	private static final ThreadLocal<String> SUBMITTING = new ThreadLocal<>();

	/** The JDK's task for {@code supplyAsync}; {@code null} if this JDK has none by that name. */
	private static final Class<?> ASYNC_SUPPLY = asyncSupply();

	private final Advisor advisor = new DefaultPointcutAdvisor(AsyncTaskNamingPostProcessor.ASYNC_METHODS,
			(MethodInterceptor) AsyncSubmissions::submitting);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Advised advised && !advised.isFrozen() && isAsync(advised)) {
			advised.addAdvisor(0, this.advisor);
		}
		return bean;
	}

	/**
	 * Names {@code task}, tracking {@code submitted}, after the {@code @Async} method
	 * being submitted on this thread, if {@code submitted} is the JDK's task for it.
	 */
	static void name(TrackedTask task, Runnable submitted) {
		if (submitted.getClass() == ASYNC_SUPPLY) {
			String method = SUBMITTING.get();
			if (method != null) {
				SUBMITTING.remove(); // one task per submission
				task.rename(method);
			}
		}
	}

	private static Object submitting(MethodInvocation invocation) throws Throwable {
		String outer = SUBMITTING.get();
		SUBMITTING.set(AsyncTaskNamingPostProcessor.nameOf(invocation));
		try {
			return invocation.proceed();
		}
		finally {
			if (outer != null) {
				SUBMITTING.set(outer);
			}
			else {
				SUBMITTING.remove();
			}
		}
	}

	private static boolean isAsync(Advised advised) {
		for (Advisor advisor : advised.getAdvisors()) {
			if (advisor instanceof AsyncAnnotationAdvisor) {
				return true;
			}
		}
		return false;
	}

	private static Class<?> asyncSupply() {
		try {
			return Class.forName("java.util.concurrent.CompletableFuture$AsyncSupply");
		}
		catch (ClassNotFoundException ex) {
			return null; // such tasks are then named once they run
		}
	}

}
