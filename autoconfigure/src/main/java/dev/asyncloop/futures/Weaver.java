package dev.asyncloop.futures;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.management.ManagementFactory;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Weaves Byte Buddy advice into classes by name, those loaded already (retransformed
 * at once) and those loaded later, changing no class's shape (no field, method or
 * initializer added), as retransformation requires; {@link #remove()} retransforms
 * them back. A plain {@link ClassFileTransformer} rather than Byte Buddy's agent
 * builder, whose class injectors reach for {@code sun.misc.Unsafe} when it is made
 * (a warning on JDK 24 and later) although asyncloop injects no class with them.
 */
public final class Weaver implements ClassFileTransformer {

	private static final Log logger = LogFactory.getLog(Weaver.class);

	private static final String AGENT_FLAG = "EnableDynamicAgentLoading";

	private static boolean agentAttached;

	private static final ByteBuddy BYTE_BUDDY = new ByteBuddy().with(TypeValidation.DISABLED)
		.with(Implementation.Context.Disabled.Factory.INSTANCE)
		.with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
		.with(InstrumentedType.Factory.Default.FROZEN);

	private final Instrumentation instrumentation;

	/** What to weave into each class, by its binary name. */
	private final Map<String, UnaryOperator<DynamicType.Builder<?>>> weaving;

	private volatile Throwable failure;

	private Weaver(Instrumentation instrumentation, Map<String, UnaryOperator<DynamicType.Builder<?>>> weaving) {
		this.instrumentation = instrumentation;
		this.weaving = Map.copyOf(weaving);
	}

	/**
	 * The JVM's instrumentation: Byte Buddy's agent, attached by the JVM to itself on
	 * first use. On JDK 21 and later the JVM warns about an agent loaded this way unless
	 * started with {@code -XX:+EnableDynamicAgentLoading}; asyncloop then says, once,
	 * that the warning is about it and which flag silences it.
	 * @throws IllegalStateException when the JVM refuses to attach an agent to itself
	 */
	public static synchronized Instrumentation instrumentation() {
		Instrumentation instrumentation = ByteBuddyAgent.install();
		if (!agentAttached) {
			agentAttached = true;
			if (Runtime.version().feature() >= 21 && !isAgentLoadingEnabled()) {
				logger.info("asyncloop's debug mode attached its agent to this JVM at runtime, to watch every future "
						+ "and Reactor's sinks: the JVM's warning about a dynamically loaded agent is about it. Start "
						+ "the JVM with -XX:+" + AGENT_FLAG + " to silence that warning.");
			}
		}
		return instrumentation;
	}

	/**
	 * Whether the flag was given: its default lets agents load, with the warning.
	 */
	private static boolean isAgentLoadingEnabled() {
		try {
			VMOption option = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(AGENT_FLAG);
			return option.getOrigin() != VMOption.Origin.DEFAULT && Boolean.parseBoolean(option.getValue());
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Weaves into the classes named by {@code weaving}'s keys: the loaded ones now, the
	 * others when they load.
	 * @throws IllegalStateException when a loaded class could not be woven (nothing is
	 * left woven then)
	 */
	public static Weaver install(Instrumentation instrumentation,
			Map<String, UnaryOperator<DynamicType.Builder<?>>> weaving) {
		Weaver weaver = new Weaver(instrumentation, weaving);
		instrumentation.addTransformer(weaver, true);
		try {
			weaver.retransformLoaded();
			Throwable failure = weaver.failure;
			if (failure != null) {
				throw new IllegalStateException("Could not weave asyncloop's advice", failure);
			}
		}
		catch (RuntimeException | Error ex) {
			weaver.remove();
			throw ex;
		}
		return weaver;
	}

	/**
	 * Loads the classes to weave that {@code loader} finds, on a thread of its own:
	 * weaving a class takes Byte Buddy a moment, which the thread that would have loaded
	 * it first (the application's start) then spends elsewhere. A class that thread needs
	 * meanwhile waits for its weaving as before.
	 */
	public void loadAhead(ClassLoader loader, String threadName) {
		Thread loading = new Thread(() -> {
			for (String name : this.weaving.keySet()) {
				try {
					Class.forName(name, false, loader);
				}
				catch (ClassNotFoundException | LinkageError ex) {
					// Not there, or not loadable: woven when (if ever) it loads.
				}
			}
		}, threadName);
		loading.setDaemon(true);
		loading.start();
	}

	/**
	 * Stops weaving, and gives the loaded classes back their code.
	 */
	public void remove() {
		this.instrumentation.removeTransformer(this);
		retransformLoaded();
	}

	private void retransformLoaded() {
		try {
			retransform(this.instrumentation, (type) -> this.weaving.containsKey(type.getName()));
		}
		catch (UnmodifiableClassException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Retransforms the loaded classes that {@code wanted} picks and the JVM lets change,
	 * all at once.
	 */
	static void retransform(Instrumentation instrumentation, Predicate<Class<?>> wanted)
			throws UnmodifiableClassException {
		List<Class<?>> loaded = new ArrayList<>();
		for (Class<?> type : instrumentation.getAllLoadedClasses()) {
			if (wanted.test(type) && instrumentation.isModifiableClass(type)) {
				loaded.add(type);
			}
		}
		if (!loaded.isEmpty()) {
			instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
		}
	}

	@Override
	public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
			ProtectionDomain domain, byte[] classFile) {
		if (internalName == null) {
			return null;
		}
		String name = internalName.replace('/', '.');
		UnaryOperator<DynamicType.Builder<?>> weave = this.weaving.get(name);
		if (weave == null) {
			return null;
		}
		try {
			ClassFileLocator classFiles = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
					(loader != null) ? ClassFileLocator.ForClassLoader.of(loader)
							: ClassFileLocator.ForClassLoader.ofBootLoader());
			TypeDescription type = (redefined != null) ? TypeDescription.ForLoadedType.of(redefined)
					: TypePool.Default.of(classFiles).describe(name).resolve();
			return weave.apply(BYTE_BUDDY.redefine(type, classFiles)).make().getBytes();
		}
		catch (Throwable ex) {
			this.failure = ex; // the JVM swallows a transformer's exception: the class stays as it was
			return null;
		}
	}

}
