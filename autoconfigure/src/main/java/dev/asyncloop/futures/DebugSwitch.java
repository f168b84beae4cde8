package dev.asyncloop.futures;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Installs or removes runtime instrumentation when debug mode is switched: asked from
 * the watchdog at every look, it does the work on a thread of its own, since
 * instrumenting classes takes a moment the watchdog does not have. One switch at a
 * time; a look while one runs does nothing.
 */
public final class DebugSwitch {

	private final AtomicBoolean switching = new AtomicBoolean();

	private final String threadName;

	private final Runnable install;

	private final Runnable uninstall;

	/** The thread of the last switch. */
	private volatile Thread last;

	/**
	 * @param threadName the name of the thread that switches
	 * @param install installs the instrumentation
	 * @param uninstall removes it
	 */
	public DebugSwitch(String threadName, Runnable install, Runnable uninstall) {
		this.threadName = threadName;
		this.install = install;
		this.uninstall = uninstall;
	}

	/**
	 * Installs or removes the instrumentation, off this thread, if {@code installed}
	 * is not what is {@code wanted}.
	 */
	public void follow(boolean wanted, boolean installed) {
		if (wanted == installed || !this.switching.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				(wanted ? this.install : this.uninstall).run();
			}
			finally {
				this.switching.set(false);
			}
		}, this.threadName);
		thread.setDaemon(true);
		this.last = thread;
		thread.start();
	}

	/**
	 * Waits up to {@code timeout} for the switch under way, if any: for instrumentation
	 * installed beside the application's start, to be in place once it is ready.
	 */
	public void await(Duration timeout) {
		Thread last = this.last;
		if (last != null) {
			try {
				last.join(Math.max(1, timeout.toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
