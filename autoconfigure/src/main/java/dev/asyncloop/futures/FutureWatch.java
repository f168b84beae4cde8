package dev.asyncloop.futures;

import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.CollectionNudge;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.TaskNames;

/**
 * Every future of the application, in debug mode: a {@code CompletableFuture} or a
 * {@code FutureTask} (whatever made it: the common pool, any executor, a dependent
 * stage, {@code completeExceptionally} by hand) that fails and is garbage collected
 * without anybody looking at its exception is reported as {@code Task exception was
 * never retrieved}. Follows debug mode at runtime: the JDK's classes are instrumented
 * while it is on (see {@link JdkFutures}), and restored when it goes off or the
 * application closes. A JVM that refuses to attach the agent gets one line saying
 * which flag lets it.
 */
public final class FutureWatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(FutureWatch.class);

	private static final String COMMON_POOL = "ForkJoinPool.commonPool";

	private final Engine engine;

	private final Runnable followDebug = this::followDebug;

	private final Consumer<FailedFutures.Failure> reporter = this::report;

	private final Supplier<Object> traceHere = this::traceHere;

	private final CollectionNudge.Waiting unobserved = this::waitsBetween;

	private final DebugSwitch debugSwitch = new DebugSwitch("asyncloop-futures-switch", this::install, this::uninstall);

	private volatile JdkFutures futures;

	private volatile boolean refused;

	private volatile boolean closed;

	private FutureWatch(Engine engine) {
		this.engine = engine;
	}

	/**
	 * Watches every future for {@code engine} while its debug mode is on.
	 */
	public static FutureWatch start(Engine engine) {
		FutureWatch watch = new FutureWatch(engine);
		if (engine.settings().isDebug()) {
			// Beside the rest of the application's start: attaching and weaving take a moment.
			watch.debugSwitch.follow(true, false);
		}
		engine.addWatchdogCheck(watch.followDebug);
		engine.collectionNudge().add(watch.unobserved);
		return watch;
	}

	/**
	 * Waits up to {@code timeout} for the instrumentation started with the application.
	 */
	public void awaitStarted(java.time.Duration timeout) {
		this.debugSwitch.await(timeout);
	}

	/**
	 * Whether the JDK's futures are watched now.
	 */
	public boolean isWatching() {
		return this.futures != null;
	}

	/**
	 * Failed futures nobody has looked at yet, still reachable.
	 */
	public int pending() {
		JdkFutures futures = this.futures;
		return (futures != null) ? futures.failures().pending() : 0;
	}

	private synchronized void install() {
		if (this.futures != null || this.refused || this.closed) {
			return;
		}
		try {
			JdkFutures futures = JdkFutures.acquire();
			futures.failures().addListener(this.reporter);
			futures.failures().traceWith(this.traceHere);
			futures.watchMadeByHandIn(this.engine.applicationCode().packages());
			this.futures = futures;
		}
		catch (IllegalStateException | LinkageError ex) {
			this.refused = true;
			// Attaching the agent and reaching the JDK's future classes fail alike: say which.
			String cause = (ex instanceof JdkFutures.AgentRefusedException)
					? "the JVM refused to attach its agent at runtime (" + ex.getCause() + "). Start the JVM with "
							+ "-XX:+EnableDynamicAgentLoading, on a JDK (not a JRE) with the attach mechanism enabled"
					: "it could not reach the JDK's future classes (" + ex + ")";
			logger.warn("asyncloop cannot watch every future: " + cause
					+ "; the futures of asyncloop's own executors are still watched.");
		}
	}

	private synchronized void uninstall() {
		JdkFutures futures = this.futures;
		if (futures != null) {
			this.futures = null;
			futures.failures().removeListener(this.reporter);
			futures.failures().stopTracingWith(this.traceHere);
			JdkFutures.release(futures);
		}
	}

	/**
	 * On the watchdog: hands over the futures collected since the last look, and
	 * follows debug mode (off the watchdog thread, since instrumenting takes a moment).
	 */
	private void followDebug() {
		JdkFutures futures = this.futures;
		if (futures != null) {
			futures.failures().drain();
		}
		this.debugSwitch.follow(this.engine.settings().isDebug() && !this.closed && !this.refused, futures != null);
	}

	private boolean waitsBetween(long from, long until) {
		JdkFutures futures = this.futures;
		return futures != null && this.engine.settings().isDebug() && futures.failures().waitsBetween(from, until);
	}

	private void report(FailedFutures.Failure failure) {
		if (!this.engine.settings().isDebug()) {
			return;
		}
		Throwable error = failure.error();
		StackTraceElement[] stack = error.getStackTrace();
		String entry = this.engine.applicationCode().entryPoint(stack, stack.length - 1);
		String task = (entry != null) ? entry
				: (failure.site() != null) ? failure.site().name() : TaskNames.className(error.getClass());
		this.engine.failures().reportCollected(task, executorOf(failure.thread()), error,
				(failure.site() != null) ? failure.site().stack() : null, failure.failedAt(), failure.trace());
	}

	/**
	 * On a thread where a future fails: the trace its work is for.
	 */
	private Object traceHere() {
		return this.engine.findings().traces().here(this.engine.tracking().threads().currentTask());
	}

	/**
	 * The executor a thread belongs to: a monitored one by its name, the common pool,
	 * or the thread's name without its number.
	 */
	private String executorOf(Thread thread) {
		ExecutorMonitor executor = this.engine.tracking().threads().executorOf(thread);
		if (executor != null) {
			return executor.name();
		}
		String name = thread.getName();
		if (name.startsWith(COMMON_POOL) || isDefaultAsyncThread(thread)) {
			return COMMON_POOL;
		}
		int end = name.length();
		while (end > 0 && (Character.isDigit(name.charAt(end - 1)) || name.charAt(end - 1) == '-')) {
			end--;
		}
		return (end > 0) ? name.substring(0, end) : name;
	}

	/**
	 * Whether {@code thread} is one that {@code CompletableFuture} starts for each async
	 * task given no executor, in place of the common pool, when the common pool runs
	 * fewer than two threads (on a machine of one or two cores): a plain thread with the
	 * JDK's default name. The user asked for the common pool, and is told so.
	 */
	private static boolean isDefaultAsyncThread(Thread thread) {
		return ForkJoinPool.getCommonPoolParallelism() < 2 && thread.getClass() == Thread.class
				&& thread.getName().matches("Thread-\\d+");
	}

	@Override
	public void close() {
		this.closed = true;
		this.engine.removeWatchdogCheck(this.followDebug);
		this.engine.collectionNudge().remove(this.unobserved);
		JdkFutures futures = this.futures;
		if (futures != null) {
			futures.failures().drain();
		}
		uninstall();
	}

}
