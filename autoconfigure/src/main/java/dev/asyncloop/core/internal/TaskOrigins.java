package dev.asyncloop.core.internal;

/**
 * Where a task was submitted and the trace it was submitted in, packed in one field so
 * that a task costs no more heap for either: {@code null}, the creation site (a
 * {@link Throwable}, taken in debug mode only), the trace (see {@link TraceContexts}),
 * or a pair holding both.
 */
final class TaskOrigins {

	private TaskOrigins() {
	}

	static Object of(Throwable creationSite, Object trace) {
		return (trace == null) ? creationSite : (creationSite == null) ? trace : new Both(creationSite, trace);
	}

	static Throwable creationSite(Object origin) {
		return (origin instanceof Throwable site) ? site : (origin instanceof Both both) ? both.creationSite() : null;
	}

	static Object trace(Object origin) {
		return (origin instanceof Both both) ? both.trace() : (origin instanceof Throwable) ? null : origin;
	}

	private record Both(Throwable creationSite, Object trace) {
	}

}
