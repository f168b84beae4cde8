package dev.asyncloop.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.asyncloop.core.NamedTask;

/**
 * Names tasks with what the integrations know of their frameworks' tasks (an
 * {@code @Async} method's invocation inside Spring's callable, the destination of a
 * messaging task), before {@link TaskNames} falls back to the task's own description
 * or class. Asked off the hot path only, when a report or a finding shows a task.
 */
public final class TaskNamers {

	private final List<Function<Object, String>> namers = new CopyOnWriteArrayList<>();

	/**
	 * Adds {@code namer}: it answers a name for a task it knows, {@code null} for others.
	 */
	public void add(Function<Object, String> namer) {
		this.namers.add(namer);
	}

	/**
	 * The name of {@code task}: its own ({@link NamedTask}), else the first namer's, else
	 * {@link TaskNames#of(Object)}. A namer that fails names nothing.
	 */
	public String of(Object task) {
		if (task != null && !(task instanceof NamedTask)) {
			for (Function<Object, String> namer : this.namers) {
				try {
					String name = namer.apply(task);
					if (name != null) {
						return name;
					}
				}
				catch (RuntimeException | LinkageError ex) {
					// A name is a courtesy: the task keeps the one it would have had.
				}
			}
		}
		return TaskNames.of(task);
	}

}
