package dev.asyncloop.core;

import java.time.Instant;
import java.util.List;

/**
 * Something asyncloop found: an immutable event handed to every
 * {@link FindingListener} and kept in the journal of its {@link #kind() kind}.
 */
public sealed interface Finding permits SlowCallback, NeverAwaited, UnretrievedException, BlockingCall {

	FindingKind kind();

	/**
	 * When the finding was made.
	 */
	Instant time();

	/**
	 * When the mistake it reports began: a slow task's start, a blocking call's start,
	 * a failure, the return of a publisher. Findings are attributed to a window of time
	 * (a test) by their origin.
	 */
	Instant origin();

	/**
	 * What the finding is about, coarsely: the executor it happened on, the blocking
	 * call, the method that returned a publisher. With the place in {@link #where()}
	 * it tells distinct findings apart: repeated findings of one site and place are
	 * logged once per interval with a count.
	 */
	String site();

	/**
	 * The frames that say where in the code it happened, innermost first: the stack of
	 * a slow callback or blocking call, the exception's stack, where a publisher was
	 * created. Empty when unknown.
	 */
	List<String> where();

	/**
	 * The trace id of the request that caused the finding, or {@code null} when
	 * unknown.
	 */
	String traceId();

}
