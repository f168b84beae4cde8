package dev.asyncloop.reactor;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

import dev.asyncloop.futures.Weaver;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Reactor's sinks and sources, instrumented at runtime the way asyncloop's future
 * watch instruments the JDK's futures (Byte Buddy's agent attached by the JVM to
 * itself), for what no Reactor hook sees: sinks as their specs make them, a
 * serialized sink's rejected emissions, {@code Flux.push}'s emitter, and the
 * subscriber a publisher that is not Reactor's is given. One installation per JVM,
 * shared by every watch that wants it; the last one to let go restores the classes.
 */
final class RaceInstrumentation {

	private static final String PUBLISHER = "reactor.core.publisher.";

	private static final String SPECS = PUBLISHER + "SinksSpecs$";

	private static RaceInstrumentation installed;

	private static int holders;

	private static final List<Consumer<Race>> watches = new CopyOnWriteArrayList<>();

	private final Weaver weaver;

	private RaceInstrumentation(Instrumentation instrumentation) {
		Map<String, UnaryOperator<DynamicType.Builder<?>>> weaving = new HashMap<>();
		UnaryOperator<DynamicType.Builder<?>> sinkMade = (builder) -> builder
			.visit(Advice.to(RaceAdvice.SinkMade.class).on(makingSinks()));
		UnaryOperator<DynamicType.Builder<?>> rejected = (builder) -> builder
			.visit(Advice.to(RaceAdvice.Rejected.class).on(not(isStatic()).and(nameStartsWith("tryEmit"))));
		UnaryOperator<DynamicType.Builder<?>> emitThrew = (builder) -> builder
			.visit(Advice.to(RaceAdvice.EmitThrew.class).on(not(isStatic()).and(nameStartsWith("emit"))));
		UnaryOperator<DynamicType.Builder<?>> sourceSubscribed = (builder) -> builder
			.visit(Advice.to(RaceAdvice.SourceSubscribed.class)
				.on(named("subscribe").and(takesArguments(1)).and(takesArgument(0, named("reactor.core.CoreSubscriber")))));
		for (String spec : List.of("DefaultSinksSpecs", "UnsafeSpecImpl", "UnicastSpecImpl")) {
			weaving.put(SPECS + spec, sinkMade);
		}
		for (String sink : List.of("SinkManySerialized", "SinkOneSerialized", "SinkEmptySerialized")) {
			weaving.put(PUBLISHER + sink, rejected);
		}
		for (String sink : List.of("InternalManySink", "InternalOneSink", "InternalEmptySink")) {
			weaving.put(PUBLISHER + sink, emitThrew);
		}
		weaving.put(PUBLISHER + "FluxCreate", (builder) -> builder
			.visit(Advice.to(RaceAdvice.PushAssembled.class).on(isConstructor().and(takesArguments(3)))));
		for (String source : List.of("FluxSource", "MonoSource", "MonoFromPublisher")) {
			weaving.put(PUBLISHER + source, sourceSubscribed);
		}
		this.weaver = Weaver.install(instrumentation, weaving);
		this.weaver.loadAhead(RaceInstrumentation.class.getClassLoader(), "asyncloop-sink-weaving");
	}

	/**
	 * Installs the instrumentation unless it is installed already: from now on sinks are
	 * noted with where they were made, and handed out checked where they need it.
	 * @return what lets go of it; the last holder to let go removes it
	 * @throws IllegalStateException when the JVM refuses to attach an agent to itself
	 */
	static synchronized AutoCloseable hold() {
		if (installed == null) {
			installed = new RaceInstrumentation(Weaver.instrumentation());
			RaceHooks.noteSinks(true);
		}
		holders++;
		return RaceInstrumentation::letGo;
	}

	private static synchronized void letGo() {
		if (--holders > 0) {
			return;
		}
		RaceHooks.noteSinks(false);
		RaceInstrumentation instrumentation = installed;
		installed = null;
		if (instrumentation != null) {
			instrumentation.weaver.remove();
		}
	}

	/**
	 * Starts reporting races to {@code watch}, installing the instrumentation if needed.
	 * @return what stops reporting to it; the last holder to let go removes the
	 * instrumentation (sinks and subscribers handed out checked stay so, and report
	 * to nobody)
	 */
	static synchronized AutoCloseable report(Consumer<Race> watch) {
		AutoCloseable held = hold();
		watches.add(watch);
		RaceHooks.reportTo(RaceInstrumentation::report);
		return () -> {
			synchronized (RaceInstrumentation.class) {
				watches.remove(watch);
				if (watches.isEmpty()) {
					RaceHooks.reportTo(null);
				}
				held.close();
			}
		};
	}

	private static void report(Race race) {
		for (Consumer<Race> watch : watches) {
			watch.accept(race);
		}
	}

	/**
	 * The spec methods that make a sink: those returning one, but not the helpers that
	 * wrap one made already.
	 */
	private static ElementMatcher.Junction<MethodDescription> makingSinks() {
		return not(isStatic()).and(not(nameStartsWith("wrap")))
			.and(returns(namedOneOf(PUBLISHER + "Sinks$Many", PUBLISHER + "Sinks$ManyWithUpstream",
					PUBLISHER + "Sinks$One", PUBLISHER + "Sinks$Empty")));
	}

}
