package dev.asyncloop.reactor;

import java.lang.reflect.Field;

import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Schedulers;

/**
 * What global state Reactor holds, read the way only a test may.
 */
final class ReactorHookState {

	private ReactorHookState() {
	}

	/**
	 * Whether any schedule hook is installed: Reactor returns the task itself when none is.
	 */
	static boolean anyScheduleHook() {
		Runnable task = () -> {
		};
		return Schedulers.onSchedule(task) != task;
	}

	static Object errorDroppedHook() throws ReflectiveOperationException {
		Field field = Hooks.class.getDeclaredField("onErrorDroppedHook");
		field.setAccessible(true);
		return field.get(null);
	}

}
