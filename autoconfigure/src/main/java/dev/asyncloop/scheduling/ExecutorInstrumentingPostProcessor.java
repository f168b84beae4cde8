package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.QueueView;

/**
 * Instruments the executors and schedulers an application defines itself, each
 * reported under its bean name.
 *
 * <p>Spring's executors ({@link ThreadPoolTaskExecutor}, {@link ThreadPoolTaskScheduler},
 * {@link SimpleAsyncTaskExecutor} and its scheduler, {@link ConcurrentTaskExecutor}
 * and its scheduler) get a tracking task decorator around the one they already have;
 * schedulers are non-blocking (like the debug event loop they replace), executors
 * blocking. Every other {@link Executor} bean ({@code ThreadPoolExecutor},
 * {@code Executors.newFixedThreadPool(...)}, a virtual-thread executor...) is replaced
 * by an {@link ExecutorProxy} of the same type that hands it every call; it is
 * blocking. A bean that cannot be instrumented runs as it is, with one warning; a bean
 * the application declines ({@code wanted} says no to its name) runs as it is, silently.
 */
public class ExecutorInstrumentingPostProcessor implements DestructionAwareBeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(ExecutorInstrumentingPostProcessor.class);

	private final Supplier<Engine> engine;

	private final Supplier<Duration> longTaskDuration;

	private final Predicate<String> wanted;

	private final Function<Object, TaskDecorator> existingDecorator;

	private final Map<Object, ExecutorMonitor> instrumented = new ConcurrentHashMap<>();

	/** The watches of executors replaced by proxies; weak, as prototype beans come and go. */
	private final Set<ExecutorWatch> watches = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private ConfigurableListableBeanFactory beanFactory;

	/**
	 * Instruments every executor bean but asyncloop's own.
	 * @param engine the engine, looked up once the first executor is instrumented
	 * @param longTaskDuration how long a task may run on a blocking executor
	 */
	public ExecutorInstrumentingPostProcessor(Supplier<Engine> engine, Supplier<Duration> longTaskDuration) {
		this(engine, longTaskDuration, (beanName) -> true);
	}

	/**
	 * @param engine the engine, looked up once the first executor is instrumented
	 * @param longTaskDuration how long a task may run on a blocking executor
	 * @param wanted whether the executor bean of a name is instrumented
	 */
	public ExecutorInstrumentingPostProcessor(Supplier<Engine> engine, Supplier<Duration> longTaskDuration,
			Predicate<String> wanted) {
		this(engine, longTaskDuration, wanted, ExecutorInstrumentingPostProcessor::taskDecorator);
	}

	/**
	 * @param existingDecorator reads the task decorator a Spring executor already has
	 */
	ExecutorInstrumentingPostProcessor(Supplier<Engine> engine, Supplier<Duration> longTaskDuration,
			Predicate<String> wanted, Function<Object, TaskDecorator> existingDecorator) {
		this.engine = engine;
		this.longTaskDuration = longTaskDuration;
		this.wanted = wanted;
		this.existingDecorator = existingDecorator;
	}

	/**
	 * The task decorator of a Spring executor, which Spring keeps in a private field with
	 * no getter: asyncloop's decorator must run it, or the application's would be lost.
	 */
	private static TaskDecorator taskDecorator(Object executor) {
		return (TaskDecorator) new DirectFieldAccessor(executor).getPropertyValue("taskDecorator");
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (!(bean instanceof Executor) || isAsyncLoops(bean) || !this.wanted.test(beanName)) {
			return bean;
		}
		if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			decorate(bean, beanName, ExecutorKind.NON_BLOCKING, scheduler::setTaskDecorator);
		}
		else if (bean instanceof ThreadPoolTaskExecutor executor) {
			decorate(bean, beanName, ExecutorKind.BLOCKING, executor::setTaskDecorator);
		}
		else if (bean instanceof SimpleAsyncTaskExecutor executor) {
			decorate(bean, beanName, kindOf(bean), executor::setTaskDecorator);
		}
		else if (bean instanceof ConcurrentTaskExecutor executor) {
			decorate(bean, beanName, kindOf(bean), executor::setTaskDecorator);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		ExecutorMonitor monitor = this.instrumented.remove(bean);
		if (monitor != null) {
			if (bean instanceof ThreadPoolTaskExecutor executor) {
				monitor.setQueueView(new ThreadPoolState(executor.getThreadPoolExecutor(), true, executor));
			}
			else if (bean instanceof ThreadPoolTaskScheduler scheduler
					&& scheduler.getScheduledExecutor() instanceof ScheduledThreadPoolExecutor pool) {
				// Its queue holds Spring's decorated futures, which hide the tracked tasks.
				monitor.setQueueView(new ThreadPoolState(pool, false, scheduler));
			}
			return bean;
		}
		if (bean instanceof Executor executor && !isAsyncLoops(bean) && !isDecorated(bean)
				&& !ExecutorProxy.isProxy(bean) && this.wanted.test(beanName)) {
			return watch(executor, beanName);
		}
		return bean;
	}

	/**
	 * Reports the tasks the watched executors leave behind when the application
	 * context closes. The context destroys each executor itself (not the proxy), with
	 * {@code shutdown()} unless its class has a {@code close()} of its own, before the
	 * engine, which was there first: when the engine's turn comes, what still runs or
	 * waits in them outlives the application.
	 */
	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) throws BeansException {
		if (bean instanceof Engine) {
			synchronized (this.watches) {
				this.watches.forEach(ExecutorWatch::reportPending);
				this.watches.clear();
			}
		}
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return bean instanceof Engine;
	}

	private static boolean isAsyncLoops(Object bean) {
		return bean instanceof DebugEventLoop || bean instanceof WorkerExecutor || bean instanceof VirtualWorkerExecutor;
	}

	private static boolean isDecorated(Object bean) {
		return bean instanceof ThreadPoolTaskExecutor || bean instanceof ThreadPoolTaskScheduler
				|| bean instanceof SimpleAsyncTaskExecutor || bean instanceof ConcurrentTaskExecutor;
	}

	private static ExecutorKind kindOf(Object bean) {
		return (bean instanceof TaskScheduler) ? ExecutorKind.NON_BLOCKING : ExecutorKind.BLOCKING;
	}

	private void decorate(Object bean, String beanName, ExecutorKind kind, Consumer<TaskDecorator> setTaskDecorator) {
		TaskDecorator existing;
		try {
			existing = this.existingDecorator.apply(bean);
		}
		catch (RuntimeException | LinkageError ex) {
			unmonitored(beanName, "the task decorator it may have, in a private field of Spring's "
					+ bean.getClass().getSimpleName() + ", cannot be read to be kept (" + ex + ")");
			return;
		}
		try {
			Engine engine = this.engine.get();
			ExecutorMonitor monitor = engine.directory().register(beanName, kind, this.longTaskDuration.get(), null);
			setTaskDecorator.accept(new TrackingTaskDecorator(engine.tracking(), monitor, existing));
			this.instrumented.put(bean, monitor);
		}
		catch (RuntimeException ex) {
			unmonitored(beanName, ex.toString());
		}
	}

	private Object watch(Executor executor, String beanName) {
		try {
			if (executor instanceof ThreadPoolExecutor pool && ordersTasksByType(pool.getQueue())) {
				throw new IllegalArgumentException("its queue (" + pool.getQueue().getClass().getName()
						+ ") orders tasks by their own type, which asyncloop's records of them are not");
			}
			Class<?> proxyClass = ExecutorProxy.proxyClass(executor, declaredType(executor, beanName));
			Engine engine = this.engine.get();
			ExecutorMonitor monitor = engine.directory().register(beanName, ExecutorKind.BLOCKING,
					this.longTaskDuration.get(), probe(executor));
			ExecutorWatch watch = new ExecutorWatch(engine, monitor, executor);
			Object proxy = ExecutorProxy.create(proxyClass, executor, watch);
			this.watches.add(watch);
			return proxy;
		}
		catch (IllegalArgumentException ex) {
			unmonitored(beanName, ex.getMessage());
		}
		catch (RuntimeException | LinkageError ex) {
			unmonitored(beanName, ex.toString());
		}
		return executor;
	}

	private static void unmonitored(String beanName, String reason) {
		logger.warn("asyncloop could not instrument executor '" + beanName + "'; it runs unmonitored: " + reason);
	}

	/**
	 * The type the bean was declared as (an {@code @Bean} method's return type), which
	 * its replacement must keep for injection.
	 */
	private Class<?> declaredType(Object bean, String beanName) {
		if (this.beanFactory != null) {
			try {
				Class<?> type = this.beanFactory.isFactoryBean(beanName) ? this.beanFactory.getType(beanName)
						: this.beanFactory.getMergedBeanDefinition(beanName).getResolvableType().resolve();
				if (type != null) {
					return type;
				}
			}
			catch (NoSuchBeanDefinitionException ex) {
				// An inner bean: only its own class is certain.
			}
		}
		return bean.getClass();
	}

	/**
	 * Whether a queue compares or casts what it holds, so that only the application's
	 * own tasks fit. A scheduled pool's queue holds its own futures and always fits.
	 */
	private static boolean ordersTasksByType(BlockingQueue<Runnable> queue) {
		return queue instanceof PriorityBlockingQueue || queue instanceof DelayQueue;
	}

	private static QueueView probe(Executor executor) {
		if (executor instanceof ThreadPoolExecutor pool) {
			// A scheduled pool's queue holds its own futures, which hide the tracked tasks.
			return new ThreadPoolState(pool, !(pool instanceof ScheduledThreadPoolExecutor));
		}
		return QueueView.NONE;
	}

}
