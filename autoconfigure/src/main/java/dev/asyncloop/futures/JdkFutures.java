package dev.asyncloop.futures;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The JDK's {@code CompletableFuture} and {@code FutureTask}, instrumented at runtime
 * as kotlinx-coroutines-debug and BlockHound do it: the JVM attaches Byte Buddy's
 * agent to itself (no {@code -javaagent} flag), a small class that the JDK's classes
 * can see is added to the bootstrap class path, and advice is woven into the methods
 * where a future fails, is made, or is looked at. One installation per JVM, shared by
 * every engine that wants it, removed (the classes retransformed back) when the last
 * one lets go.
 */
final class JdkFutures {

	private static final String HOOKS = "dev.asyncloop.futures.bootstrap.FutureHooks";

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

	private final ResettableClassFileTransformer transformer;

	private final Class<?> hooks;

	private final FailedFutures failures;

	private JdkFutures(Instrumentation instrumentation) throws ReflectiveOperationException, IOException {
		this.instrumentation = instrumentation;
		this.hooks = bootstrapHooks(instrumentation);
		this.failures = new FailedFutures(encodedExceptions(instrumentation));
		connect(this.failures);
		this.transformer = new AgentBuilder.Default().disableClassFormatChanges()
			.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
			.with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
			.with(AgentBuilder.TypeStrategy.Default.REDEFINE)
			.ignore(net.bytebuddy.matcher.ElementMatchers.none())
			.assureReadEdgeTo(instrumentation, this.hooks)
			.type(net.bytebuddy.matcher.ElementMatchers.named("java.util.concurrent.CompletableFuture"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(Advice.to(FutureAdvice.Failing.class, FutureAdvice.LostRace.class).on(instance(COMPLETING)))
				.visit(Advice.to(FutureAdvice.Failing.class).on(instance("obtrudeException")))
				.visit(Advice.to(FutureAdvice.Observed.class).on(instance(LOOKING).or(instance(DEPENDING))))
				.visit(Advice.to(FutureAdvice.ObservedWithArgument.class).on(instance(DEPENDING_ON_TWO)))
				.visit(Advice.to(FutureAdvice.ObservedAll.class).on(isStatic().and(namedOneOf("allOf", "anyOf"))))
				.visit(Advice.to(FutureAdvice.CreatedFromFirst.class)
					.on(instance(DEPENDING).or(isStatic().and(namedOneOf("supplyAsync", "runAsync")))))
				.visit(Advice.to(FutureAdvice.CreatedFromSecond.class).on(instance(DEPENDING_ON_TWO))))
			.type(net.bytebuddy.matcher.ElementMatchers.named("java.util.concurrent.FutureTask"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(Advice.to(FutureAdvice.Failing.class, FutureAdvice.Cancelled.class)
					.on(instance("setException")))
				.visit(Advice.to(FutureAdvice.Observed.class)
					.on(instance("get", "resultNow", "exceptionNow", "state")))
				.visit(Advice.to(FutureAdvice.ConstructedFromFirst.class).on(isConstructor())))
			.installOn(instrumentation);
	}

	/**
	 * The instrumentation, installed by the first caller.
	 * @throws IllegalStateException when the JVM refuses to attach an agent to itself
	 */
	static synchronized JdkFutures acquire() {
		if (installed == null) {
			Instrumentation instrumentation = ByteBuddyAgent.install();
			try {
				installed = new JdkFutures(instrumentation);
			}
			catch (ReflectiveOperationException | IOException ex) {
				throw new IllegalStateException("Could not add asyncloop's hooks to the bootstrap class path", ex);
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
			futures.transformer.reset(futures.instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
		}
		finally {
			futures.disconnect();
			futures.failures.clear();
		}
	}

	FailedFutures failures() {
		return this.failures;
	}

	private void connect(FailedFutures failures) throws ReflectiveOperationException {
		set("failing", (BiConsumer<Object, Object>) failures::failing);
		set("notFailed", (Consumer<Object>) failures::notFailed);
		set("observed", (Consumer<Object>) failures::observed);
		set("created", (BiConsumer<Object, Object>) failures::created);
	}

	private void disconnect() {
		try {
			set("failing", null);
			set("notFailed", null);
			set("observed", null);
			set("created", null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void set(String field, Object hook) throws ReflectiveOperationException {
		this.hooks.getField(field).set(null, hook);
	}

	/**
	 * Reads the exception out of {@code CompletableFuture}'s encoded results, which the
	 * JDK keeps in a class of its own package: opened to asyncloop for this.
	 */
	private static Function<Object, Throwable> encodedExceptions(Instrumentation instrumentation)
			throws ReflectiveOperationException {
		Module javaBase = CompletableFuture.class.getModule();
		instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
				Map.of(CompletableFuture.class.getPackageName(), Set.of(JdkFutures.class.getModule())), Set.of(),
				Map.of());
		Class<?> altResult = Class.forName(CompletableFuture.class.getName() + "$AltResult");
		VarHandle exception = MethodHandles.privateLookupIn(altResult, MethodHandles.lookup())
			.findVarHandle(altResult, "ex", Throwable.class);
		return (encoded) -> altResult.isInstance(encoded) ? (Throwable) exception.get(encoded) : null;
	}

	private static ElementMatcher.Junction<MethodDescription> instance(String... names) {
		return not(isStatic()).and(namedOneOf(names));
	}

	/**
	 * {@link dev.asyncloop.futures.bootstrap.FutureHooks} as the bootstrap class loader
	 * has it, added there on first use. This class never touches it by name: a copy
	 * loaded by the application's class loader would be another class, unseen by the JDK.
	 */
	private static Class<?> bootstrapHooks(Instrumentation instrumentation) throws ReflectiveOperationException, IOException {
		try {
			return Class.forName(HOOKS, false, null);
		}
		catch (ClassNotFoundException notYet) {
			byte[] bytes;
			try (InputStream in = JdkFutures.class.getClassLoader()
				.getResourceAsStream(HOOKS.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(HOOKS);
				}
				bytes = in.readAllBytes();
			}
			Path folder = Files.createTempDirectory("asyncloop-hooks");
			folder.toFile().deleteOnExit();
			ClassInjector.UsingInstrumentation.of(folder.toFile(), ClassInjector.UsingInstrumentation.Target.BOOTSTRAP,
					instrumentation).injectRaw(Map.of(HOOKS, bytes));
			return Class.forName(HOOKS, true, null);
		}
	}

}
