package dev.asyncloop.core.internal;

import java.time.Duration;
import java.time.Instant;

import dev.asyncloop.core.AsyncLoopViolationException;
import dev.asyncloop.core.BlockingCall;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.RuntimeSettings;

/**
 * Blocking waits (a future's {@code get()} or {@code join()}, Reactor's
 * {@code block()}) on threads that must never block, detected at the call itself: the
 * caller's stack is taken before the wait, the duration measured after it.
 */
public final class BlockingWaits {

	private final ThreadSlots threads;

	private final RuntimeSettings settings;

	private final Findings findings;

	private final InternalErrors errors;

	public BlockingWaits(ThreadSlots threads, RuntimeSettings settings, Findings findings, InternalErrors errors) {
		this.threads = threads;
		this.settings = settings;
		this.findings = findings;
		this.errors = errors;
	}

	/**
	 * Called before a wait that may block. Returns {@code null} (and does nothing
	 * else) unless the calling thread is non-blocking.
	 * @param call the blocking method, for example {@code java.util.concurrent.Future.get}
	 * @throws AsyncLoopViolationException in strict mode, on a non-blocking thread
	 */
	public Wait begin(String call) {
		Thread thread = Thread.currentThread();
		ExecutorMonitor executor = this.threads.executorOf(thread);
		if (executor == null || executor.kind() != ExecutorKind.NON_BLOCKING) {
			return null;
		}
		Wait wait = new Wait(call, thread, executor, new Throwable(), System.nanoTime());
		if (this.settings.isStrict()) {
			end(wait);
			throw new AsyncLoopViolationException(call, thread.getName(), executor.name());
		}
		return wait;
	}

	/**
	 * Called when the wait returned (or threw); records the finding.
	 */
	public void end(Wait wait) {
		if (wait == null) {
			return;
		}
		try {
			TrackedTask task = this.threads.currentTask();
			StackTraceElement[] stack = wait.site.getStackTrace();
			Object trace = this.findings.traces().of(task, wait.thread);
			TraceIds ids = this.findings.traces().ids(trace);
			this.findings.record(new BlockingCall(wait.call, wait.thread.getName(), wait.executor.name(),
					Duration.ofNanos(System.nanoTime() - wait.startedAt), StackFrames.render(stack, callerIndex(stack)),
					(task != null) ? task.name() : null, Instant.now(), ids.traceId(), ids.spanId()), trace);
		}
		catch (Throwable ex) {
			this.errors.report("recording a blocking wait", ex);
		}
	}

	/**
	 * The first frame below asyncloop's own, so that the stack starts where the
	 * application waited.
	 */
	private static int callerIndex(StackTraceElement[] stack) {
		int index = 0;
		while (index < stack.length - 1 && stack[index].getClassName().startsWith("dev.asyncloop.")
				&& StackFrames.isPlumbing(stack[index])) {
			index++;
		}
		return index;
	}

	/**
	 * A wait in progress on a non-blocking thread.
	 */
	public static final class Wait {

		final String call;

		final Thread thread;

		final ExecutorMonitor executor;

		final Throwable site;

		final long startedAt;

		Wait(String call, Thread thread, ExecutorMonitor executor, Throwable site, long startedAt) {
			this.call = call;
			this.thread = thread;
			this.executor = executor;
			this.site = site;
			this.startedAt = startedAt;
		}

		public String call() {
			return this.call;
		}

		public String thread() {
			return this.thread.getName();
		}

	}

}
