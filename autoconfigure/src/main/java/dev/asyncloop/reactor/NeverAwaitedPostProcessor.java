package dev.asyncloop.reactor;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.reactivestreams.Publisher;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.util.ClassUtils;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.NeverAwaitedWatch;
import dev.asyncloop.core.TaskNames;

/**
 * Watches the publishers that application beans return: a method of a bean in the
 * application's packages (or of a Spring Data repository) returning a
 * {@code Mono}, {@code Flux} or any {@code Publisher} hands out a wrapper that notes
 * its subscription, watched until it is subscribed or collected. Registered only in
 * debug mode; while debug mode is switched off at runtime the advice passes results
 * through untouched.
 */
public class NeverAwaitedPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final String REPOSITORY = "org.springframework.data.repository.Repository";

	/**
	 * @param engine the engine to report to
	 * @param packages the packages whose beans are watched
	 * @param repositories whether Spring Data repositories are watched too
	 */
	public NeverAwaitedPostProcessor(Supplier<AsyncLoopEngine> engine, List<String> packages, boolean repositories) {
		StaticMethodMatcherPointcut pointcut = new StaticMethodMatcherPointcut() {
			@Override
			public boolean matches(Method method, Class<?> targetClass) {
				return Publisher.class.isAssignableFrom(method.getReturnType());
			}
		};
		pointcut.setClassFilter(new WatchedClasses(packages, repositories));
		this.advisor = new DefaultPointcutAdvisor(pointcut, new Watching(engine));
		setBeforeExistingAdvisors(false);
		setProxyTargetClass(true);
	}

	private record WatchedClasses(List<String> packages, boolean repositories) implements ClassFilter {

		@Override
		public boolean matches(Class<?> type) {
			String name = type.getName();
			for (String watched : this.packages) {
				if (name.startsWith(watched + ".")) {
					return true;
				}
			}
			return this.repositories && isRepository(type);
		}

		private static boolean isRepository(Class<?> type) {
			for (Class<?> implemented : ClassUtils.getAllInterfacesForClassAsSet(type)) {
				if (implemented.getName().equals(REPOSITORY)) {
					return true;
				}
			}
			return false;
		}

	}

	private static final class Watching implements MethodInterceptor {

		private final Supplier<AsyncLoopEngine> engine;

		Watching(Supplier<AsyncLoopEngine> engine) {
			this.engine = engine;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Object result = invocation.proceed();
			AsyncLoopEngine engine = this.engine.get();
			if (!(result instanceof Publisher<?> publisher) || !engine.isDebug()) {
				return result;
			}
			try {
				Throwable returnedAt = new Throwable("returned here");
				NeverAwaitedWatch.Subscription subscription = new NeverAwaitedWatch.Subscription();
				Publisher<?> watched = WatchedPublishers.wrap(publisher, subscription);
				engine.neverAwaited().watch(watched, subscription, name(invocation), WatchedPublishers.type(publisher),
						returnedAt);
				return watched;
			}
			catch (RuntimeException ex) {
				engine.registry().internalError("watching a returned publisher", ex);
				return result;
			}
		}

		private static String name(MethodInvocation invocation) {
			Object target = invocation.getThis();
			Class<?> type = (target != null) ? ClassUtils.getUserClass(target) : invocation.getMethod().getDeclaringClass();
			if (java.lang.reflect.Proxy.isProxyClass(type)) {
				type = invocation.getMethod().getDeclaringClass();
			}
			return TaskNames.className(type) + "." + invocation.getMethod().getName();
		}

	}

}
