package dev.asyncloop.core;

/**
 * Thrown in strict mode where a mistake is caught as it happens: a blocking wait on a
 * thread that must never block.
 */
public class AsyncLoopViolationException extends IllegalStateException {

	private final String call;

	private final String thread;

	public AsyncLoopViolationException(String call, String thread, String executor) {
		super("Blocking call " + call + " on non-blocking thread " + thread + " (executor " + executor
				+ "): waiting here stalls every task of the event loop. Compose the future instead (thenApply, "
				+ "Mono.fromFuture...) or move the wait to a blocking executor. (asyncloop.strict=true)");
		this.call = call;
		this.thread = thread;
	}

	/**
	 * The blocking method, for example {@code java.util.concurrent.CompletableFuture.join}.
	 */
	public String getCall() {
		return this.call;
	}

	public String getThread() {
		return this.thread;
	}

}
