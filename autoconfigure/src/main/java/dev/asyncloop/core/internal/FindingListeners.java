package dev.asyncloop.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingListener;

/**
 * Who is told of findings: asyncloop's own log on the thread that makes a finding, and
 * every other listener on a thread of its own, so that a slow or failing listener
 * delays and silences only itself.
 */
final class FindingListeners {

	/** asyncloop's own listeners (its log), told on the thread that makes the finding. */
	private final List<FindingListener> inline = new CopyOnWriteArrayList<>();

	/** Every other listener, each told on a thread of its own. */
	private final List<ListenerHandOff> handOffs = new CopyOnWriteArrayList<>();

	private final InternalErrors errors;

	/** Where the failures of listeners are logged. */
	private final System.Logger logger;

	FindingListeners(InternalErrors errors, System.Logger logger) {
		this.errors = errors;
		this.logger = logger;
	}

	void add(FindingListener listener) {
		this.handOffs.add(new ListenerHandOff(listener, this.logger));
	}

	void addInline(FindingListener listener) {
		this.inline.add(listener);
	}

	void remove(FindingListener listener) {
		this.inline.remove(listener);
		for (ListenerHandOff handOff : this.handOffs) {
			if (handOff.listener() == listener && this.handOffs.remove(handOff)) {
				handOff.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
			}
		}
	}

	void awaitDelivered(long deadline) {
		for (ListenerHandOff handOff : this.handOffs) {
			handOff.awaitDelivered(deadline);
		}
	}

	void close(long deadline) {
		for (ListenerHandOff handOff : this.handOffs) {
			handOff.close(deadline);
		}
		this.handOffs.clear();
	}

	void tellInline(Finding finding) {
		for (FindingListener listener : this.inline) {
			try {
				listener.recorded(finding);
			}
			catch (Throwable ex) {
				this.errors.report("reporting a finding to " + listener, ex);
			}
		}
	}

	void handOff(Finding finding) {
		for (ListenerHandOff handOff : this.handOffs) {
			handOff.recorded(finding);
		}
	}

	void updated(Finding previous, Finding current) {
		for (FindingListener listener : this.inline) {
			try {
				listener.updated(previous, current);
			}
			catch (Throwable ex) {
				this.errors.report("reporting a finding to " + listener, ex);
			}
		}
		for (ListenerHandOff handOff : this.handOffs) {
			handOff.updated(previous, current);
		}
	}

}
