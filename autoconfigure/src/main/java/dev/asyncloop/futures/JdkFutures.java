package dev.asyncloop.futures;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The JDK's {@code CompletableFuture} and {@code FutureTask}, instrumented at runtime
 * as kotlinx-coroutines-debug and BlockHound do it: the JVM attaches Byte Buddy's
 * agent to itself (no {@code -javaagent} flag), a small class that the JDK's classes
 * can see is defined next to them, in their own package, and advice is woven into the
 * methods where a future fails, is made, or is looked at. One installation per JVM,
 * shared by every engine that wants it, removed (the classes retransformed back) when
 * the last one lets go.
 *
 * <p>Nothing is added to the bootstrap class path (which would turn class data sharing
 * off for every other class, with a JVM warning) and Byte Buddy's agent builder, whose
 * class injectors reach for {@code sun.misc.Unsafe} (a warning on JDK 24 and later), is
 * not used: {@link Weaver} weaves the advice.
 */
final class JdkFutures {

	/** The hooks, as defined in the JDK's package: {@link dev.asyncloop.futures.bootstrap.FutureHooks} renamed. */
	private static final String HOOKS = "java.util.concurrent.AsyncLoopFutureHooks";

	private static final String HOOKS_TEMPLATE = "dev.asyncloop.futures.bootstrap.FutureHooks";

	/** Where a future's result is set, a failure among them; each takes the outcome first and says whether it won. */
	private static final String[] COMPLETING = { "completeThrowable", "completeRelay", "internalComplete" };

	/** Where a future's outcome is looked at. */
	private static final String[] LOOKING = { "get", "join", "getNow", "resultNow", "exceptionNow",
			"isCompletedExceptionally", "state", "toCompletableFuture", "copy", "minimalCompletionStage" };

	/** Where one stage is made to depend on this future, from a function in the first argument. */
	private static final String[] DEPENDING = { "thenApply", "thenApplyAsync", "thenAccept", "thenAcceptAsync",
			"thenRun", "thenRunAsync", "thenCompose", "thenComposeAsync", "handle", "handleAsync", "whenComplete",
			"whenCompleteAsync", "exceptionally", "exceptionallyAsync", "exceptionallyCompose",
			"exceptionallyComposeAsync" };

	/** Where a stage is made to depend on this future and another, from a function in the second argument. */
	private static final String[] DEPENDING_ON_TWO = { "thenCombine", "thenCombineAsync", "thenAcceptBoth",
			"thenAcceptBothAsync", "runAfterBoth", "runAfterBothAsync", "applyToEither", "applyToEitherAsync",
			"acceptEither", "acceptEitherAsync", "runAfterEither", "runAfterEitherAsync" };

	private static JdkFutures installed;

	private static int users;

	private final Instrumentation instrumentation;

	private final Weaver weaver;

	private final HandMadeFutures handMade;

	private final Class<?> hooks;

	private final FailedFutures failures;

	private JdkFutures(Instrumentation instrumentation) throws ReflectiveOperationException, IOException {
		this.instrumentation = instrumentation;
		openConcurrentPackage(instrumentation);
		this.hooks = jdkHooks();
		this.failures = new FailedFutures(encodedExceptions());
		connect(this.failures);
		Advices advices = new Advices();
		this.weaver = Weaver.install(instrumentation, Map.of(CompletableFuture.class.getName(), (builder) -> builder
			.visit(advices.of(FutureAdvice.Failing.class, FutureAdvice.LostRace.class).on(instance(COMPLETING)))
			.visit(advices.of(FutureAdvice.Failing.class).on(instance("obtrudeException")))
			.visit(advices.of(FutureAdvice.Observed.class).on(instance(LOOKING).or(instance(DEPENDING))))
			.visit(advices.of(FutureAdvice.ObservedWithArgument.class).on(instance(DEPENDING_ON_TWO)))
			.visit(advices.of(FutureAdvice.ObservedAll.class).on(isStatic().and(namedOneOf("allOf", "anyOf"))))
			.visit(advices.of(FutureAdvice.CreatedFromFirst.class)
				.on(instance(DEPENDING).or(isStatic().and(namedOneOf("supplyAsync", "runAsync")))))
			.visit(advices.of(FutureAdvice.CreatedFromSecond.class).on(instance(DEPENDING_ON_TWO))),
				FutureTask.class.getName(), (builder) -> builder
					.visit(advices.of(FutureAdvice.Failing.class, FutureAdvice.Cancelled.class)
						.on(instance("setException")))
					.visit(advices.of(FutureAdvice.Observed.class)
						.on(instance("get", "resultNow", "exceptionNow", "state")))
					.visit(advices.of(FutureAdvice.ConstructedFromFirst.class).on(isConstructor()))));
		this.handMade = HandMadeFutures.install(instrumentation, HOOKS);
	}

	/**
	 * The instrumentation, installed by the first caller.
	 * @throws AgentRefusedException when the JVM refuses to attach an agent to itself
	 * @throws IllegalStateException when the JDK's future classes cannot be instrumented
	 */
	static synchronized JdkFutures acquire() {
		if (installed == null) {
			Instrumentation instrumentation;
			try {
				instrumentation = Weaver.instrumentation();
			}
			catch (RuntimeException | LinkageError ex) {
				throw new AgentRefusedException(ex);
			}
			try {
				installed = new JdkFutures(instrumentation);
			}
			catch (ReflectiveOperationException | IOException ex) {
				throw new IllegalStateException("Could not instrument the JDK's futures", ex);
			}
		}
		users++;
		return installed;
	}

	/**
	 * Lets go of the instrumentation; the last user removes it.
	 */
	static synchronized void release(JdkFutures futures) {
		if (futures != installed || --users > 0) {
			return;
		}
		installed = null;
		try {
			futures.handMade.remove();
			futures.weaver.remove();
		}
		finally {
			futures.disconnect();
			futures.failures.clear();
		}
	}

	FailedFutures failures() {
		return this.failures;
	}

	/**
	 * Notes where the application's code in {@code packages} makes futures by hand
	 * ({@code new CompletableFuture<>()}); see {@link HandMadeFutures}.
	 */
	void watchMadeByHandIn(List<String> packages) {
		this.handMade.weave(packages);
	}

	private void connect(FailedFutures failures) throws ReflectiveOperationException {
		set("failing", (BiConsumer<Object, Object>) failures::failing);
		set("notFailed", (Consumer<Object>) failures::notFailed);
		set("observed", (Consumer<Object>) failures::observed);
		set("created", (BiConsumer<Object, Object>) failures::created);
		set("madeByHand", (BiConsumer<Object, Object>) failures::madeByHand);
	}

	private void disconnect() {
		try {
			set("failing", null);
			set("notFailed", null);
			set("observed", null);
			set("created", null);
			set("madeByHand", null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void set(String field, Object hook) throws ReflectiveOperationException {
		this.hooks.getField(field).set(null, hook);
	}

	/**
	 * Opens the JDK's {@code java.util.concurrent} to asyncloop: to define the hooks
	 * there, and to read the exception out of {@code CompletableFuture}'s encoded
	 * results, which the JDK keeps in a class of that package.
	 */
	private static void openConcurrentPackage(Instrumentation instrumentation) {
		instrumentation.redefineModule(CompletableFuture.class.getModule(), Set.of(), Map.of(),
				Map.of(CompletableFuture.class.getPackageName(), Set.of(JdkFutures.class.getModule())), Set.of(),
				Map.of());
	}

	private static Function<Object, Throwable> encodedExceptions() throws ReflectiveOperationException {
		Class<?> altResult = Class.forName(CompletableFuture.class.getName() + "$AltResult");
		VarHandle exception = MethodHandles.privateLookupIn(altResult, MethodHandles.lookup())
			.findVarHandle(altResult, "ex", Throwable.class);
		return (encoded) -> altResult.isInstance(encoded) ? (Throwable) exception.get(encoded) : null;
	}

	private static ElementMatcher.Junction<MethodDescription> instance(String... names) {
		return not(isStatic()).and(namedOneOf(names));
	}

	/**
	 * The hooks as the JDK's classes see them: defined once per JVM in
	 * {@code java.util.concurrent}, by the bootstrap class loader. This class never
	 * touches them by name: a copy loaded by the application's class loader would be
	 * another class, unseen by the JDK.
	 */
	private static Class<?> jdkHooks() throws ReflectiveOperationException, IOException {
		try {
			return Class.forName(HOOKS, false, null);
		}
		catch (ClassNotFoundException notYet) {
			byte[] template = classFile(HOOKS_TEMPLATE);
			return MethodHandles.privateLookupIn(CompletableFuture.class, MethodHandles.lookup())
				.defineClass(renamed(template));
		}
	}

	private static byte[] classFile(String name) throws IOException, ClassNotFoundException {
		try (InputStream in = JdkFutures.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
			if (in == null) {
				throw new ClassNotFoundException(name);
			}
			return in.readAllBytes();
		}
	}

	/** {@code classFile} with every reference to the hooks' template pointing to the hooks. */
	static byte[] renamed(byte[] classFile) {
		ClassReader reader = new ClassReader(classFile);
		ClassWriter writer = new ClassWriter(0);
		reader.accept(new ClassRemapper(writer,
				new SimpleRemapper(HOOKS_TEMPLATE.replace('.', '/'), HOOKS.replace('.', '/'))), 0);
		return writer.toByteArray();
	}

	/**
	 * The advice of {@link FutureAdvice}, its calls pointing to the hooks in the JDK's
	 * package.
	 */
	private static final class Advices {

		private final ClassFileLocator classFiles;

		Advices() throws IOException, ClassNotFoundException {
			Map<String, byte[]> classFiles = new HashMap<>();
			for (Class<?> advice : FutureAdvice.class.getDeclaredClasses()) {
				classFiles.put(advice.getName(), renamed(classFile(advice.getName())));
			}
			this.classFiles = new ClassFileLocator.Simple(classFiles);
		}

		Advice of(Class<?> advice) {
			return Advice.to(TypeDescription.ForLoadedType.of(advice), this.classFiles);
		}

		Advice of(Class<?> enter, Class<?> exit) {
			return Advice.to(TypeDescription.ForLoadedType.of(enter), TypeDescription.ForLoadedType.of(exit),
					this.classFiles);
		}

	}

	/**
	 * The JVM would not attach asyncloop's agent to itself: every future is not watched,
	 * for a reason the user can change with a JVM flag.
	 */
	static final class AgentRefusedException extends IllegalStateException {

		AgentRefusedException(Throwable cause) {
			super("The JVM refused to attach asyncloop's agent", cause);
		}

	}

}
