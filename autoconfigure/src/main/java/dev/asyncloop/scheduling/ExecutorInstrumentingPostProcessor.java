package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.ExecutorMonitor;

/**
 * Instruments the executors and schedulers an application defines itself, where
 * Spring allows it: Spring's {@link ThreadPoolTaskExecutor},
 * {@link ThreadPoolTaskScheduler}, {@link SimpleAsyncTaskExecutor},
 * {@link SimpleAsyncTaskScheduler}, {@link ConcurrentTaskExecutor} and its scheduler
 * get a tracking task decorator around the one they already have. Each is reported under its bean name; schedulers are non-blocking
 * (like the debug event loop they replace), executors blocking. Other
 * {@code Executor} beans are left alone.
 */
public class ExecutorInstrumentingPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(ExecutorInstrumentingPostProcessor.class);

	private final Supplier<AsyncLoopEngine> engine;

	private final Supplier<Duration> longTaskDuration;

	private final Map<Object, ExecutorMonitor> instrumented = new ConcurrentHashMap<>();

	public ExecutorInstrumentingPostProcessor(Supplier<AsyncLoopEngine> engine, Supplier<Duration> longTaskDuration) {
		this.engine = engine;
		this.longTaskDuration = longTaskDuration;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DebugEventLoop || bean instanceof WorkerExecutor || bean instanceof VirtualWorkerExecutor) {
			return bean;
		}
		if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			instrument(bean, beanName, ExecutorKind.NON_BLOCKING, scheduler::setTaskDecorator);
		}
		else if (bean instanceof SimpleAsyncTaskScheduler scheduler) {
			instrument(bean, beanName, ExecutorKind.NON_BLOCKING, scheduler::setTaskDecorator);
		}
		else if (bean instanceof ThreadPoolTaskExecutor executor) {
			instrument(bean, beanName, ExecutorKind.BLOCKING, executor::setTaskDecorator);
		}
		else if (bean instanceof SimpleAsyncTaskExecutor executor) {
			instrument(bean, beanName, ExecutorKind.BLOCKING, executor::setTaskDecorator);
		}
		else if (bean instanceof ConcurrentTaskExecutor executor) {
			instrument(bean, beanName,
					(bean instanceof TaskScheduler) ? ExecutorKind.NON_BLOCKING : ExecutorKind.BLOCKING,
					executor::setTaskDecorator);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		ExecutorMonitor monitor = this.instrumented.remove(bean);
		if (monitor != null) {
			if (bean instanceof ThreadPoolTaskExecutor executor) {
				monitor.setProbe(new PoolProbe(executor.getThreadPoolExecutor(), true));
			}
			else if (bean instanceof ThreadPoolTaskScheduler scheduler
					&& scheduler.getScheduledExecutor() instanceof java.util.concurrent.ScheduledThreadPoolExecutor pool) {
				// Its queue holds Spring's decorated futures, which hide the tracked tasks.
				monitor.setProbe(new PoolProbe(pool, false));
			}
		}
		return bean;
	}

	private void instrument(Object bean, String beanName, ExecutorKind kind,
			java.util.function.Consumer<TaskDecorator> setTaskDecorator) {
		try {
			TaskDecorator existing = (TaskDecorator) new DirectFieldAccessor(bean).getPropertyValue("taskDecorator");
			ExecutorMonitor monitor = this.engine.get()
				.registerExecutor(beanName, kind, this.longTaskDuration.get(), null);
			setTaskDecorator.accept(new TrackingTaskDecorator(monitor, existing));
			this.instrumented.put(bean, monitor);
		}
		catch (RuntimeException ex) {
			logger.warn("asyncloop could not instrument executor '" + beanName + "'; it runs unmonitored: " + ex);
		}
	}

}
