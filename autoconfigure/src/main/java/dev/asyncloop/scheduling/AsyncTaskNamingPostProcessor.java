package dev.asyncloop.scheduling;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.scheduling.annotation.Async;

import dev.asyncloop.core.TaskRegistry;
import dev.asyncloop.core.TaskNames;
import dev.asyncloop.core.TrackedTask;

/**
 * Names the tasks of {@code @Async} methods after the method. Spring submits them as
 * an anonymous callable, so the name is set from inside: this advice sits inside
 * Spring's async interceptor and runs on the worker thread, where it renames the
 * task that is running.
 */
public class AsyncTaskNamingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/** Spring's async interceptor submits a lambda declared in this class. */
	private static final String ASYNC_SUBMITTER = "org.springframework.aop.interceptor.AsyncExecution";

	public AsyncTaskNamingPostProcessor(Supplier<TaskRegistry> registry) {
		ComposablePointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(Async.class, true))
			.union(new AnnotationMatchingPointcut(null, Async.class, true));
		MethodInterceptor naming = (invocation) -> {
			TrackedTask task = registry.get().currentTask();
			if (task != null && task.source() != null
					&& task.source().getClass().getName().startsWith(ASYNC_SUBMITTER)) {
				Object target = invocation.getThis();
				Class<?> type = (target != null) ? target.getClass() : invocation.getMethod().getDeclaringClass();
				task.rename(TaskNames.className(org.springframework.util.ClassUtils.getUserClass(type)) + "."
						+ invocation.getMethod().getName());
			}
			return invocation.proceed();
		};
		this.advisor = new DefaultPointcutAdvisor(pointcut, naming);
		setBeforeExistingAdvisors(false);
	}

}
