package dev.asyncloop.scheduling;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.BeanUtils;
import org.springframework.cglib.core.NamingPolicy;
import org.springframework.cglib.proxy.Callback;
import org.springframework.cglib.proxy.CallbackFilter;
import org.springframework.cglib.proxy.Dispatcher;
import org.springframework.cglib.proxy.Enhancer;
import org.springframework.cglib.proxy.MethodInterceptor;
import org.springframework.cglib.proxy.NoOp;
import org.springframework.util.ClassUtils;

/**
 * A proxy of an application's executor that can be injected wherever the executor
 * could, and hands every call to the executor itself, but those that give it tasks
 * or drop them, which go through an {@link ExecutorWatch} first.
 *
 * <p>A {@link ThreadPoolExecutor} (or {@link ScheduledThreadPoolExecutor}) stays one:
 * the proxy is a subclass, so a bean declared as that class still injects. Spring
 * AOP's class proxies cannot subclass JDK classes (they are defined beside their
 * superclass, and {@code java.util.concurrent} is closed to them), so the proxy class
 * is generated here, in this package. Its own pool state is an idle pool that never
 * runs: every public method goes to the executor. Any other executor is proxied by
 * the interfaces it implements ({@code Executors.newSingleThreadExecutor()} and the
 * virtual-thread executor are classes nobody may subclass).
 */
final class ExecutorProxy {

	private ExecutorProxy() {
	}

	/**
	 * The class of a proxy of {@code target}, generated once per kind of executor.
	 * @param declaredType the type the bean was declared as, which the proxy must be
	 * @throws IllegalArgumentException when no proxy can be {@code declaredType}
	 */
	static Class<?> proxyClass(Executor target, Class<?> declaredType) {
		Class<?> superclass = superclass(target);
		List<Class<?>> interfaces = new ArrayList<>(ClassUtils.getAllInterfacesForClassAsSet(target.getClass()));
		for (Class<?> type : interfaces) {
			if (!Modifier.isPublic(type.getModifiers())) {
				throw new IllegalArgumentException("it implements " + type.getName() + ", which is not public");
			}
		}
		if (!declaredType.isAssignableFrom(superclass)
				&& interfaces.stream().noneMatch(declaredType::isAssignableFrom)) {
			throw new IllegalArgumentException("it is declared as " + declaredType.getName()
					+ ", which a proxy of it cannot be; declare it as an interface it implements, such as "
					+ ExecutorService.class.getName());
		}
		interfaces.add(Watched.class);
		Enhancer enhancer = new Enhancer();
		enhancer.setSuperclass(superclass);
		enhancer.setInterfaces(interfaces.toArray(Class<?>[]::new));
		enhancer.setCallbackFilter(Call.FILTER);
		enhancer.setCallbackTypes(Call.CALLBACK_TYPES);
		enhancer.setUseFactory(false);
		enhancer.setNamingPolicy(Naming.of(superclass, target));
		enhancer.setClassLoader(ExecutorProxy.class.getClassLoader());
		enhancer.setContextClass(ExecutorProxy.class);
		return enhancer.createClass();
	}

	/**
	 * A proxy of {@code target}, of a class made by {@link #proxyClass}.
	 */
	static Object create(Class<?> proxyClass, Executor target, ExecutorWatch watch) {
		Enhancer.registerCallbacks(proxyClass, Call.callbacks(target, watch));
		try {
			// Its own pool state: an idle pool of one thread that never starts.
			if (target instanceof ScheduledThreadPoolExecutor) {
				return BeanUtils.instantiateClass(proxyClass.getConstructor(int.class), 1);
			}
			if (target instanceof ThreadPoolExecutor) {
				return BeanUtils.instantiateClass(
						proxyClass.getConstructor(int.class, int.class, long.class, TimeUnit.class,
								BlockingQueue.class),
						1, 1, 0L, TimeUnit.SECONDS, new SynchronousQueue<Runnable>());
			}
			return BeanUtils.instantiateClass(proxyClass);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			Enhancer.registerCallbacks(proxyClass, null);
		}
	}

	private static Class<?> superclass(Executor target) {
		return (target instanceof ScheduledThreadPoolExecutor) ? ScheduledThreadPoolExecutor.class
				: (target instanceof ThreadPoolExecutor) ? ThreadPoolExecutor.class : Object.class;
	}

	/**
	 * Whether {@code bean} is such a proxy: watched already.
	 */
	static boolean isProxy(Object bean) {
		return bean instanceof Watched;
	}

	/**
	 * What marks every proxy.
	 */
	interface Watched {

	}

	/**
	 * What a call to the proxy does, decided once per method when the proxy class is
	 * generated: each method is bound to one callback.
	 */
	private enum Call {

		/** Calls the executor itself. */
		FORWARD(null, null),

		/** Runs the proxy's own method: identity {@code equals} and {@code hashCode}, hooks nobody calls. */
		OWN(null, null),

		EXECUTE(Executor.class, "execute", Runnable.class),

		SUBMIT_CALLABLE(ExecutorService.class, "submit", Callable.class),

		SUBMIT_RUNNABLE(ExecutorService.class, "submit", Runnable.class),

		SUBMIT_RUNNABLE_RESULT(ExecutorService.class, "submit", Runnable.class, Object.class),

		INVOKE_ALL(ExecutorService.class, "invokeAll", Collection.class),

		INVOKE_ALL_TIMED(ExecutorService.class, "invokeAll", Collection.class, long.class, TimeUnit.class),

		INVOKE_ANY(ExecutorService.class, "invokeAny", Collection.class),

		INVOKE_ANY_TIMED(ExecutorService.class, "invokeAny", Collection.class, long.class, TimeUnit.class),

		SCHEDULE_RUNNABLE(ScheduledExecutorService.class, "schedule", Runnable.class, long.class, TimeUnit.class),

		SCHEDULE_CALLABLE(ScheduledExecutorService.class, "schedule", Callable.class, long.class, TimeUnit.class),

		SCHEDULE_AT_FIXED_RATE(ScheduledExecutorService.class, "scheduleAtFixedRate", Runnable.class, long.class,
				long.class, TimeUnit.class),

		SCHEDULE_WITH_FIXED_DELAY(ScheduledExecutorService.class, "scheduleWithFixedDelay", Runnable.class, long.class,
				long.class, TimeUnit.class),

		SHUTDOWN_NOW(ExecutorService.class, "shutdownNow"),

		REMOVE(ThreadPoolExecutor.class, "remove", Runnable.class);

		/** One instance, so that Enhancer's class cache recognises it. */
		static final CallbackFilter FILTER = Call::of;

		static final Class<?>[] CALLBACK_TYPES = Arrays.stream(values()).map(Call::callbackType).toArray(Class<?>[]::new);

		private final Class<?> owner;

		private final String name;

		private final Class<?>[] parameters;

		Call(Class<?> owner, String name, Class<?>... parameters) {
			this.owner = owner;
			this.name = name;
			this.parameters = parameters;
		}

		static int of(Method method) {
			boolean ownMethod = method.getDeclaringClass() == Object.class && !method.getName().equals("toString");
			if (ownMethod || !Modifier.isPublic(method.getModifiers())) {
				return OWN.ordinal();
			}
			for (Call call : values()) {
				if (call.owner != null && call.owner.isAssignableFrom(method.getDeclaringClass())
						&& call.name.equals(method.getName())
						&& Arrays.equals(call.parameters, method.getParameterTypes())) {
					return call.ordinal();
				}
			}
			return FORWARD.ordinal();
		}

		private Class<? extends Callback> callbackType() {
			return switch (this) {
				case FORWARD -> Dispatcher.class;
				case OWN -> NoOp.class;
				default -> MethodInterceptor.class;
			};
		}

		static Callback[] callbacks(Executor target, ExecutorWatch watch) {
			Callback[] callbacks = new Callback[values().length];
			for (Call call : values()) {
				callbacks[call.ordinal()] = switch (call) {
					case FORWARD -> (Dispatcher) () -> target;
					case OWN -> NoOp.INSTANCE;
					default -> (MethodInterceptor) (proxy, method, args, methodProxy) -> call.on(watch, target, args);
				};
			}
			return callbacks;
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		private Object on(ExecutorWatch watch, Executor target, Object[] args) throws Exception {
			return switch (this) {
				case EXECUTE -> {
					watch.execute(target, (Runnable) args[0]);
					yield null;
				}
				case SUBMIT_CALLABLE -> watch.submit((ExecutorService) target, (Callable) args[0]);
				case SUBMIT_RUNNABLE -> watch.submit((ExecutorService) target, (Runnable) args[0], null);
				case SUBMIT_RUNNABLE_RESULT -> watch.submit((ExecutorService) target, (Runnable) args[0], args[1]);
				case INVOKE_ALL -> ((ExecutorService) target).invokeAll(watch.tracked((Collection) args[0]));
				case INVOKE_ALL_TIMED -> ((ExecutorService) target).invokeAll(watch.tracked((Collection) args[0]),
						(long) args[1], (TimeUnit) args[2]);
				case INVOKE_ANY -> ((ExecutorService) target).invokeAny(watch.tracked((Collection) args[0]));
				case INVOKE_ANY_TIMED -> ((ExecutorService) target).invokeAny(watch.tracked((Collection) args[0]),
						(long) args[1], (TimeUnit) args[2]);
				case SCHEDULE_RUNNABLE -> watch.schedule((ScheduledExecutorService) target, (Runnable) args[0],
						(long) args[1], (TimeUnit) args[2]);
				case SCHEDULE_CALLABLE -> watch.schedule((ScheduledExecutorService) target, (Callable) args[0],
						(long) args[1], (TimeUnit) args[2]);
				case SCHEDULE_AT_FIXED_RATE -> watch.scheduleAtFixedRate((ScheduledExecutorService) target,
						(Runnable) args[0], (long) args[1], (long) args[2], (TimeUnit) args[3]);
				case SCHEDULE_WITH_FIXED_DELAY -> watch.scheduleWithFixedDelay((ScheduledExecutorService) target,
						(Runnable) args[0], (long) args[1], (long) args[2], (TimeUnit) args[3]);
				case SHUTDOWN_NOW -> watch.shutdownNow((ExecutorService) target);
				case REMOVE -> watch.remove((ThreadPoolExecutor) target, (Runnable) args[0]);
				default -> throw new IllegalStateException("Not a watched call: " + this);
			};
		}

	}

	/**
	 * Names a proxy class after what it proxies ({@code ThreadPoolExecutor},
	 * {@code ExecutorService}...), in this package, where it can be defined: stack
	 * frames then read {@code ExecutorProxy$ExecutorService$$AsyncLoop.submit}.
	 */
	private record Naming(String proxied) implements NamingPolicy {

		static Naming of(Class<?> superclass, Executor target) {
			if (superclass != Object.class) {
				return new Naming(superclass.getSimpleName());
			}
			return new Naming((target instanceof ScheduledExecutorService) ? "ScheduledExecutorService"
					: (target instanceof ExecutorService) ? "ExecutorService" : "Executor");
		}

		@Override
		public String getClassName(String prefix, String source, Object key,
				org.springframework.cglib.core.Predicate names) {
			String base = ExecutorProxy.class.getName() + "$" + this.proxied + "$$AsyncLoop";
			String name = base;
			for (int index = 2; names.evaluate(name); index++) {
				name = base + index;
			}
			return name;
		}

	}

}
