package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How an engine starts: whether debug mode's expensive checks run (creation stacks and
 * more), how long a task may run on a non-blocking executor, how many findings are
 * kept per kind, how often findings from one site are logged, where log lines go,
 * which frames are the application's, and how long a failed task's exception may stay
 * unobserved. Each {@code with...} method returns a copy with one option set.
 */
public final class EngineOptions {

	private boolean debug;

	private Duration slowCallbackDuration = Duration.ofMillis(100);

	private int journalSize = 256;

	private Duration logInterval = Duration.ofSeconds(10);

	private LogDestination loggers = LogDestination.system();

	private ApplicationCode applicationCode = ApplicationCode.unknown();

	private Duration unretrievedGrace = Duration.ofSeconds(1);

	private Duration heldConnectionDuration = Duration.ofSeconds(30);

	private Duration starvedPoolDuration = Duration.ofSeconds(5);

	private EngineOptions() {
	}

	public static EngineOptions defaults() {
		return new EngineOptions();
	}

	public EngineOptions withDebug(boolean debug) {
		return copy((options) -> options.debug = debug);
	}

	public EngineOptions withSlowCallbackDuration(Duration duration) {
		return copy((options) -> options.slowCallbackDuration = duration);
	}

	public EngineOptions withJournalSize(int size) {
		return copy((options) -> options.journalSize = size);
	}

	public EngineOptions withLogInterval(Duration interval) {
		return copy((options) -> options.logInterval = interval);
	}

	public EngineOptions withLoggers(LogDestination loggers) {
		return copy((options) -> options.loggers = loggers);
	}

	public EngineOptions withApplicationCode(ApplicationCode code) {
		return copy((options) -> options.applicationCode = code);
	}

	public EngineOptions withUnretrievedGrace(Duration grace) {
		return copy((options) -> options.unretrievedGrace = grace);
	}

	public EngineOptions withHeldConnectionDuration(Duration duration) {
		return copy((options) -> options.heldConnectionDuration = duration);
	}

	public EngineOptions withStarvedPoolDuration(Duration duration) {
		return copy((options) -> options.starvedPoolDuration = duration);
	}

	boolean debug() {
		return this.debug;
	}

	Duration slowCallbackDuration() {
		return this.slowCallbackDuration;
	}

	int journalSize() {
		return this.journalSize;
	}

	Duration logInterval() {
		return this.logInterval;
	}

	LogDestination loggers() {
		return this.loggers;
	}

	ApplicationCode applicationCode() {
		return this.applicationCode;
	}

	Duration unretrievedGrace() {
		return this.unretrievedGrace;
	}

	Duration heldConnectionDuration() {
		return this.heldConnectionDuration;
	}

	Duration starvedPoolDuration() {
		return this.starvedPoolDuration;
	}

	private EngineOptions copy(Consumer<EngineOptions> change) {
		EngineOptions copy = new EngineOptions();
		copy.debug = this.debug;
		copy.slowCallbackDuration = this.slowCallbackDuration;
		copy.journalSize = this.journalSize;
		copy.logInterval = this.logInterval;
		copy.loggers = this.loggers;
		copy.applicationCode = this.applicationCode;
		copy.unretrievedGrace = this.unretrievedGrace;
		copy.heldConnectionDuration = this.heldConnectionDuration;
		copy.starvedPoolDuration = this.starvedPoolDuration;
		change.accept(copy);
		return copy;
	}

}
