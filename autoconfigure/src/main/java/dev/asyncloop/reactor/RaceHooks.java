package dev.asyncloop.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;

import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;

import dev.asyncloop.scheduling.InternalAccess;

/**
 * The door from the code woven into Reactor's sinks and sources (see
 * {@link RaceInstrumentation}) to whoever checks them: each method is called by that
 * code only, is cheap unless a check is on, and never throws into the application.
 * Not an API: public because the woven code lives in Reactor's package.
 */
public final class RaceHooks {

	static final String SERIALIZED_SINK = "reactor.core.publisher.SinksSpecs$AbstractSerializedSink";

	/** Where race reports go; {@code null} while nobody checks. */
	private static volatile Consumer<Race> reporter;

	/** Whether sinks are noted with where they were made, and checked where they need it. */
	private static volatile boolean noting;

	/** What each serialized sink made while checking is, and where it was made. */
	private static final Map<Object, RaceSubject> serializedSinks = Collections.synchronizedMap(new WeakHashMap<>());

	/** {@code AbstractSerializedSink.lockedAt}: the thread emitting into a serialized sink. */
	private static final VarHandle LOCKED_AT = lockedAt(SERIALIZED_SINK);

	/** Packages whose sinks are theirs to keep safe: Reactor's, Netty's, Spring's and their peers'. */
	private static final String[] FRAMEWORKS = { "reactor.", "io.netty.", "org.springframework.", "io.micrometer.",
			"io.r2dbc.", "io.rsocket.", "graphql." };

	/**
	 * Tells the woven sink spec method who called it, from inside it: classes only,
	 * without the method of each frame that a walk resolves.
	 */
	public static final StackWalker CALLERS = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	/** Walks a few frames: the first batch it fetches holds the caller of Reactor's entry point. */
	private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE),
			8);

	/** How many times a rejected thread looks for the name of the one emitting. */
	private static final int HOLDER_LOOKS = 64;

	/** The thread whose emission was rejected last inside an {@code emit...} retry loop on each thread. */
	private static final ThreadLocal<Thread> rejectedBy = new ThreadLocal<>();

	private RaceHooks() {
	}

	static void reportTo(Consumer<Race> races) {
		reporter = races;
	}

	static void noteSinks(boolean note) {
		noting = note;
		if (!note) {
			serializedSinks.clear();
		}
	}

	/**
	 * A sink was made by one of Reactor's sink specs: a serialized one is remembered
	 * with where it was made; an unserialized one ({@code Sinks.unsafe()}) is handed
	 * out checked.
	 * @param method the spec's method that made it
	 * @param caller the class that called it
	 * @return what the spec returns
	 */
	public static Object sinkMade(Object sink, String method, Class<?> caller) {
		if (!noting || sink == null || madeByFramework(caller)) {
			return sink;
		}
		if (isSerialized(sink)) {
			serializedSinks.put(sink, new RaceSubject(sinkType(sink), method, true));
			return sink;
		}
		return CheckedSinks.wrap(sink, new RaceSubject("Sinks.unsafe() " + sinkType(sink), method, true));
	}

	/**
	 * {@code Flux.push} is being assembled: the emitter it is given receives a sink that
	 * takes one producer at a time, so it gets a checked one.
	 * @param mode {@code FluxCreate}'s mode
	 * @return the emitter to keep
	 */
	@SuppressWarnings("unchecked")
	public static Object pushEmitter(Object emitter, Object mode) {
		if (!noting || !(emitter instanceof Consumer) || emitter instanceof CheckedPush
				|| !"PUSH_ONLY".equals(String.valueOf(mode)) || madeByFramework()) {
			return emitter;
		}
		return new CheckedPush((Consumer<? super FluxSink<Object>>) emitter,
				new RaceSubject("FluxSink of Flux.push", "push", true));
	}

	/**
	 * A publisher that is not Reactor's is being subscribed through {@code Flux.from}
	 * or {@code Mono.from}: its signals to the subscriber are checked for overlaps.
	 * @return the subscriber to hand to {@code source}
	 */
	@SuppressWarnings("unchecked")
	public static Object foreignSubscriber(Object subscriber, Object source) {
		if (!noting || !(subscriber instanceof CoreSubscriber) || subscriber instanceof CheckedSubscriber
				|| !(source instanceof Publisher) || source instanceof reactor.core.CorePublisher) {
			return subscriber;
		}
		return new CheckedSubscriber<>((CoreSubscriber<Object>) subscriber,
				new RaceSubject("the subscriber of " + publisherName(source), null, false));
	}

	/**
	 * A serialized sink's {@code tryEmit...} returned {@code FAIL_NON_SERIALIZED}:
	 * reported now if the application called it, or noted for {@link #emitGaveUp} if a
	 * Reactor {@code emit...} retry loop did.
	 * @param operation the rejected method, as {@code tryEmitNext}
	 */
	public static void rejected(Object sink, String operation) {
		Consumer<Race> races = reporter;
		if (races == null) {
			return;
		}
		Thread holder = holder(sink);
		if (calledByRetryLoop()) {
			rejectedBy.set(holder);
			return;
		}
		races.accept(Race.now(sinkType(sink) + "." + operation, subjectOf(sink), holder, "emitting", true,
				"the value was dropped (FAIL_NON_SERIALIZED)"));
	}

	/**
	 * A serialized sink's {@code emit...} threw: when its failure handler gave up on
	 * {@code FAIL_NON_SERIALIZED}, the value was dropped.
	 */
	public static void emitGaveUp(Object sink, String operation, Throwable thrown) {
		Consumer<Race> races = reporter;
		if (races == null || !(thrown instanceof Sinks.EmissionException emission)
				|| emission.getReason() != Sinks.EmitResult.FAIL_NON_SERIALIZED) {
			return;
		}
		Thread holder = rejectedBy.get();
		rejectedBy.remove();
		races.accept(Race.now(sinkType(sink) + "." + operation, subjectOf(sink),
				(holder != null) ? holder : holder(sink), "emitting",
				true, "the value was dropped (FAIL_NON_SERIALIZED: the failure handler gave up)"));
	}

	/**
	 * A second thread entered a sink or subscriber that {@code other} is inside.
	 */
	static void raced(RaceSubject subject, String operation, Thread other, String otherActivity,
			String consequence) {
		Consumer<Race> races = reporter;
		if (races != null) {
			races.accept(Race.now(operation, subject, other, otherActivity, false, consequence));
		}
	}

	/**
	 * Whether the code making a sink or assembling {@code Flux.push} is a framework's
	 * (Reactor Netty makes an unsafe sink per connection, from its event loop): what
	 * frameworks make is left as it is, unnoted and unchecked. The caller of Reactor's
	 * entry points ({@code Sinks} and its specs, {@code Flux.push}) decides. One inside
	 * Reactor itself ({@code retryWhen} makes a sink per subscription) is Reactor's
	 * own: the walk stops there, a few frames down, however deep the stack.
	 */
	private static boolean madeByFramework() {
		return WALKER.walk((frames) -> frames
			.dropWhile((frame) -> frame.getDeclaringClass() == RaceHooks.class || isEntryPoint(frame.getClassName()))
			.findFirst()
			.map((frame) -> isFramework(frame.getClassName()))
			.orElse(true));
	}

	/**
	 * {@link #madeByFramework()}, told by the caller of a sink spec's method when that is
	 * not itself one of Reactor's entry points ({@code Sinks.one()} calls a spec): Reactor
	 * Netty makes two sinks per request, and a walk each cost more than the rest of the
	 * thread-safety checks together.
	 */
	private static boolean madeByFramework(Class<?> caller) {
		if (caller == null || isEntryPoint(caller.getName())) {
			return madeByFramework();
		}
		return isFramework(caller.getName());
	}

	private static boolean isEntryPoint(String className) {
		return className.startsWith("reactor.core.publisher.Sinks") || className.equals("reactor.core.publisher.Flux")
				|| className.equals("reactor.core.publisher.FluxCreate");
	}

	private static boolean isFramework(String className) {
		for (String framework : FRAMEWORKS) {
			if (className.startsWith(framework)) {
				return true;
			}
		}
		return false;
	}

	private static RaceSubject subjectOf(Object sink) {
		RaceSubject subject = serializedSinks.get(sink);
		return (subject != null) ? subject : new RaceSubject(sinkType(sink), null, false);
	}

	/**
	 * Whether the rejected {@code tryEmit...} was called by Reactor's own
	 * {@code emit...} loop, whose failure handler decides what happens next.
	 */
	private static boolean calledByRetryLoop() {
		return StackWalker.getInstance()
			.walk((frames) -> frames.dropWhile((frame) -> frame.getClassName().startsWith("dev.asyncloop.reactor."))
				.skip(1)
				.findFirst()
				.map((caller) -> caller.getClassName().startsWith("reactor.core.publisher.")
						&& caller.getMethodName().startsWith("emit"))
				.orElse(false));
	}

	/**
	 * The thread emitting into a serialized sink. The sink names it a moment after it
	 * takes the sink: a rejected thread reading at once may find no name yet, so it
	 * looks a few times. {@code null} when the holder is gone already.
	 */
	private static Thread holder(Object sink) {
		if (LOCKED_AT == null) {
			return null;
		}
		try {
			for (int look = 0; look < HOLDER_LOOKS; look++) {
				Thread holder = (Thread) LOCKED_AT.getVolatile(sink);
				if (holder != null) {
					return holder;
				}
				Thread.onSpinWait();
			}
		}
		catch (RuntimeException ex) {
			// unknown
		}
		return null;
	}

	private static boolean isSerialized(Object sink) {
		for (Class<?> type = sink.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(SERIALIZED_SINK)) {
				return true;
			}
		}
		return false;
	}

	private static String sinkType(Object sink) {
		if (sink instanceof Sinks.Many) {
			return "Sinks.Many";
		}
		if (sink instanceof Sinks.One) {
			return "Sinks.One";
		}
		return "Sinks.Empty";
	}

	private static String publisherName(Object publisher) {
		Class<?> type = publisher.getClass();
		String name = type.getName();
		int lambda = name.indexOf("$$Lambda");
		return (lambda > 0) ? "a Publisher lambda of " + name.substring(name.lastIndexOf('.') + 1, lambda)
				: name.substring(name.lastIndexOf('.') + 1);
	}

	/**
	 * The private {@code lockedAt} field of Reactor's serialized sink, the class named
	 * {@code serializedSink}; {@code null} if it cannot be reached.
	 */
	static VarHandle lockedAt(String serializedSink) {
		return InternalAccess.find("Reactor's " + serializedSink + ".lockedAt",
				"a sink signalled from two threads at once is reported without the thread that held it", () -> {
					Class<?> serialized = Class.forName(serializedSink, false, Sinks.class.getClassLoader());
					return MethodHandles.privateLookupIn(serialized, MethodHandles.lookup())
						.findVarHandle(serialized, "lockedAt", Thread.class);
				});
	}

}
