package dev.asyncloop.scheduling;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

import dev.asyncloop.core.internal.Engine;

/**
 * Names the tasks Spring makes for the application's code after that code, while they
 * are still queued: the callable Spring's async interceptor submits for an
 * {@code @Async} method is named after the method (once it runs,
 * {@link AsyncTaskNamingPostProcessor} names it from inside), and a message handling
 * task (STOMP and other Spring messaging channels) after its handler and destination.
 * Only asked when a report or a finding shows a task.
 */
public final class SpringTaskNames implements Function<Object, String> {

	private static final Log logger = LogFactory.getLog(SpringTaskNames.class);

	private static final String MESSAGING = "org.springframework.messaging.support.MessageHandlingRunnable";

	/** The field of a submitted callable that holds the method invocation, if it has one. */
	private static final ClassValue<Field> INVOCATIONS = new ClassValue<>() {
		@Override
		protected Field computeValue(Class<?> type) {
			return type.getName().startsWith(AsyncTaskNamingPostProcessor.ASYNC_SUBMITTER) ? invocationField(type) : null;
		}
	};

	private static final AtomicBoolean unreadableLogged = new AtomicBoolean();

	private final boolean messaging = ClassUtils.isPresent(MESSAGING, SpringTaskNames.class.getClassLoader());

	private SpringTaskNames() {
	}

	/**
	 * Lets {@code engine} name Spring's tasks after the application's code.
	 */
	public static void addTo(Engine engine) {
		engine.tracking().names().add(new SpringTaskNames());
	}

	@Override
	public String apply(Object task) {
		Field invocation = INVOCATIONS.get(task.getClass());
		if (invocation != null) {
			try {
				return AsyncTaskNamingPostProcessor.nameOf((MethodInvocation) invocation.get(task));
			}
			catch (IllegalAccessException ex) {
				return null;
			}
		}
		return this.messaging ? MessageTaskNames.of(task) : null;
	}

	private static Field invocationField(Class<?> type) {
		for (Field field : type.getDeclaredFields()) {
			if (MethodInvocation.class.isAssignableFrom(field.getType())) {
				try {
					field.setAccessible(true);
					return field;
				}
				catch (InaccessibleObjectException | SecurityException ex) {
					if (unreadableLogged.compareAndSet(false, true)) {
						logger.info("asyncloop cannot read the method of a queued @Async task (" + ex.getMessage()
								+ "): until it runs, such a task is named after Spring's class");
					}
					return null;
				}
			}
		}
		return null;
	}

}
