package dev.asyncloop.scheduling;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.scheduling.annotation.Async;
import org.springframework.util.ClassUtils;

import dev.asyncloop.core.internal.TaskNames;
import dev.asyncloop.core.internal.ThreadSlots;
import dev.asyncloop.core.internal.TrackedTask;

/**
 * Names the tasks of {@code @Async} methods after the method, on whatever executor
 * runs them. Spring submits them as an anonymous callable (or, for a method returning
 * {@code CompletableFuture}, as the JDK's {@code supplyAsync} task), so the name is
 * set from inside: this advice sits inside Spring's async interceptor and runs on the
 * executor's thread, where it renames the task that is running. A task still queued is
 * named by {@link SpringTaskNames}, or {@link AsyncSubmissions} for the JDK's.
 */
public class AsyncTaskNamingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/** Spring's async interceptor submits a lambda declared in this class... */
	static final String ASYNC_SUBMITTER = "org.springframework.aop.interceptor.AsyncExecution";

	/** ...or the JDK's task that {@code CompletableFuture.supplyAsync} makes of it. */
	private static final String JDK_SUBMITTER = "java.util.concurrent.CompletableFuture$Async";

	/** The methods Spring runs asynchronously: annotated, or of an annotated class. */
	static final Pointcut ASYNC_METHODS = new ComposablePointcut(new AnnotationMatchingPointcut(Async.class, true))
		.union(new AnnotationMatchingPointcut(null, Async.class, true));

	public AsyncTaskNamingPostProcessor(Supplier<ThreadSlots> threads) {
		MethodInterceptor naming = (invocation) -> {
			TrackedTask task = threads.get().currentTask();
			if (task != null && task.source() != null && isSubmittedByAsync(task.source().getClass().getName())) {
				task.rename(nameOf(invocation));
			}
			return invocation.proceed();
		};
		this.advisor = new DefaultPointcutAdvisor(ASYNC_METHODS, naming);
		setBeforeExistingAdvisors(false);
	}

	/**
	 * The name of an {@code @Async} method's task: {@code ReportService.refresh}.
	 */
	static String nameOf(MethodInvocation invocation) {
		Object target = invocation.getThis();
		Class<?> type = (target != null) ? target.getClass() : invocation.getMethod().getDeclaringClass();
		return TaskNames.className(ClassUtils.getUserClass(type)) + "." + invocation.getMethod().getName();
	}

	/**
	 * Whether a task of this class is what Spring's async interceptor submits. Any other
	 * (a task that called an {@code @Async} method of an executor running it inline)
	 * keeps its own name.
	 */
	private static boolean isSubmittedByAsync(String taskClass) {
		return taskClass.startsWith(ASYNC_SUBMITTER) || taskClass.startsWith(JDK_SUBMITTER);
	}

}
