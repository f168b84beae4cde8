package dev.asyncloop.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects what listeners receive, for assertions.
 */
final class CapturedFindings implements FindingListener {

	final List<Finding> recorded = new CopyOnWriteArrayList<>();

	final List<Finding> updated = new CopyOnWriteArrayList<>();

	@Override
	public void recorded(Finding finding) {
		this.recorded.add(finding);
	}

	@Override
	public void updated(Finding previous, Finding current) {
		this.updated.add(current);
	}

	List<SlowCallback> slowCallbacks() {
		return this.recorded.stream()
			.filter(SlowCallback.class::isInstance)
			.map(SlowCallback.class::cast)
			.toList();
	}

}
