package dev.asyncloop.core;

import java.time.Instant;

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
	 * Where the finding comes from, as stable as possible across repetitions (a task
	 * name, a method, a blocking call). Repeated findings from one site are logged
	 * once per interval with a count.
	 */
	String site();

	/**
	 * The trace id of the request that caused the finding, or {@code null} when
	 * unknown.
	 */
	String traceId();

}
