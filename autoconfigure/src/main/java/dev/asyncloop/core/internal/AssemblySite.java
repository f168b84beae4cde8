package dev.asyncloop.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link PublisherChain} began: the application's frames of the stack that
 * assembled its first member, innermost first.
 */
public final class AssemblySite {

	private static final String SHARED_NOTE = "... the stack of an earlier publisher assembled here: its callers "
			+ "were the same each time they were checked";

	private final StackTraceElement[] frames;

	private final boolean shared;

	private volatile boolean reported;

	/**
	 * @param frames the stack from the application frame that assembled the first
	 * member outward; not empty
	 * @param shared whether this site stands for every chain begun at the same place,
	 * so that its outer frames (the callers) may differ from one chain to another
	 */
	public AssemblySite(StackTraceElement[] frames, boolean shared) {
		if (frames.length == 0) {
			throw new IllegalArgumentException("A site needs the frame that assembled the publisher");
		}
		this.frames = frames;
		this.shared = shared;
	}

	/**
	 * This site, standing for every chain begun at the same place.
	 */
	public AssemblySite shared() {
		return new AssemblySite(this.frames, true);
	}

	/**
	 * The frames, from the application frame that assembled the first member outward.
	 */
	public StackTraceElement[] frames() {
		return this.frames.clone();
	}

	/**
	 * The application method that assembled the first member, as {@code Class.method}.
	 */
	public String name() {
		return TaskNames.methodName(this.frames[0]);
	}

	/**
	 * Whether a chain begun here was reported: a shared site then gives way to exact
	 * ones, so that the next report from this place shows its own callers.
	 */
	public boolean isReported() {
		return this.reported;
	}

	void reported() {
		this.reported = true;
	}

	List<String> createdAt() {
		List<String> frames = StackFrames.render(this.frames);
		if (!this.shared || this.frames.length == 1) {
			return frames;
		}
		List<String> noted = new ArrayList<>(frames);
		noted.add(SHARED_NOTE);
		return noted;
	}

}
