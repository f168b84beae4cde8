package dev.asyncloop.reactor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.reactivestreams.Publisher;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.util.ClassUtils;

import dev.asyncloop.core.internal.TaskNames;

/**
 * Names the publishers that application beans return: a {@code Mono} or {@code Flux}
 * returned by a method of a bean in the application's packages (or of a Spring Data
 * repository) and never subscribed is reported as returned by that method, with where
 * it was called, even if the framework assembled it (see
 * {@link AssemblyTracking#returned}). Registered only in debug mode; while debug mode
 * is switched off at runtime the advice passes results through untouched.
 */
public class NeverAwaitedPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final String REPOSITORY = "org.springframework.data.repository.Repository";

	/**
	 * @param tracking the tracking of assembled publishers, which watches what is returned
	 * @param packages the packages whose beans are watched
	 * @param repositories whether Spring Data repositories are watched too
	 */
	public NeverAwaitedPostProcessor(Supplier<AssemblyTracking> tracking, List<String> packages, boolean repositories) {
		StaticMethodMatcherPointcut pointcut = new StaticMethodMatcherPointcut() {
			@Override
			public boolean matches(Method method, Class<?> targetClass) {
				int modifiers = method.getModifiers();
				return !Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers)
						&& Publisher.class.isAssignableFrom(method.getReturnType());
			}
		};
		pointcut.setClassFilter(new WatchedClasses(packages, repositories));
		this.advisor = new DefaultPointcutAdvisor(pointcut, new Watching(tracking));
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

		private final Supplier<AssemblyTracking> tracking;

		/** Per class of target, the name of each of its methods, as {@code Class.method}. */
		private final ClassValue<Map<Method, String>> names = new ClassValue<>() {
			@Override
			protected Map<Method, String> computeValue(Class<?> type) {
				return new ConcurrentHashMap<>();
			}
		};

		Watching(Supplier<AssemblyTracking> tracking) {
			this.tracking = tracking;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Object result = invocation.proceed();
			if (!(result instanceof Publisher<?>)) {
				return result;
			}
			AssemblyTracking tracking = this.tracking.get();
			if (tracking == null || !tracking.isTracking()) {
				return result;
			}
			Method method = invocation.getMethod();
			Object target = invocation.getThis();
			Map<Method, String> names = this.names.get((target != null) ? target.getClass() : method.getDeclaringClass());
			String name = names.get(method);
			if (name == null) {
				name = name(target, method);
				names.put(method, name);
			}
			return tracking.returned(result, name, method);
		}

		private static String name(Object target, Method method) {
			Class<?> type = (target != null) ? ClassUtils.getUserClass(target) : method.getDeclaringClass();
			if (java.lang.reflect.Proxy.isProxyClass(type)) {
				type = method.getDeclaringClass();
			}
			return TaskNames.className(type) + "." + method.getName();
		}

	}

}
