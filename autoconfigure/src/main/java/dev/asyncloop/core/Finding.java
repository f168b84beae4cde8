package dev.asyncloop.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something asyncloop found: an immutable event handed to every
 * {@link FindingListener} and kept in the journal of its {@link #kind() kind}.
 *
 * <p>Every kind answers the same questions, so that the log, the endpoint, metrics,
 * JFR and test mode treat findings alike. What only one kind has (a slow callback's
 * threshold, a failed task's exception) is in its {@link #attributes() attributes}
 * and in the text it {@link #summary() summarizes} itself with.
 */
public sealed interface Finding permits SlowCallback, NeverAwaited, UnretrievedException, BlockingCall,
		ThreadSafety, ResourceLeak {

	FindingKind kind();

	/**
	 * What the finding is about: the task, the method that returned or assembled a
	 * publisher, the blocking call. Test mode allows findings by it.
	 */
	String subject();

	/**
	 * The executor it happened on, or {@code null} where no executor was involved (a
	 * publisher nobody subscribed).
	 */
	String executor();

	/**
	 * The thread it happened on, or {@code null} where it is not tied to one (a
	 * publisher, a failed task).
	 */
	String thread();

	/**
	 * The stack the finding shows, innermost frame first: where a slow callback or a
	 * blocking call was, the exception's stack, where a publisher was created. Empty
	 * when unknown.
	 */
	List<String> stack();

	/**
	 * Where the work was submitted or the publisher created, innermost frame first.
	 * Empty when unknown (creation stacks are taken in debug mode) and for blocking
	 * calls, which are not created.
	 */
	List<String> createdAt();

	/**
	 * When the finding was made.
	 */
	Instant time();

	/**
	 * When the mistake it reports began: a slow task's start, a blocking call's start,
	 * a failure, the return of a publisher. Findings are attributed to a window of time
	 * (a test) by their origin.
	 */
	default Instant origin() {
		return time();
	}

	/**
	 * Whether what it reports is over. Only a slow callback is reported while it still
	 * runs, and again when it ends.
	 */
	default boolean finished() {
		return true;
	}

	/**
	 * What the finding is about, coarsely: the executor it happened on, the blocking
	 * call, the method that returned a publisher. With the place in {@link #where()}
	 * it tells distinct findings apart: repeated findings of one site and place are
	 * logged once per interval with a count.
	 */
	default String site() {
		return executor();
	}

	/**
	 * The frames that say where in the code it happened, innermost first: the
	 * {@link #stack()}, else where the work was {@link #createdAt() created}. Empty
	 * when unknown.
	 */
	default List<String> where() {
		return stack().isEmpty() ? createdAt() : stack();
	}

	/**
	 * The W3C trace id of the request the finding is about (one that request's work
	 * made, or one made while it was served), or {@code null} when unknown or when the
	 * application traces nothing.
	 */
	String traceId();

	/**
	 * The id of that request's span, or {@code null} when unknown.
	 */
	String spanId();

	/**
	 * Everything the finding reports, in the order and under the names of its
	 * {@code /actuator/asyncloop} report (which adds {@code Ms} to the name of a
	 * duration it shows in milliseconds), leaving out unknown values: texts, flags,
	 * {@link java.time.Duration durations}, {@link Instant instants} and stacks (lists
	 * of frames).
	 */
	Map<String, Object> attributes();

	/**
	 * What happened, in one line, as a failed test reports it: {@code slow callback:
	 * ReportJob.refresh ran 2.003 s on asyncloop-loop-1 (executor loop, threshold
	 * 0.100 s)}.
	 */
	String summary();

}
