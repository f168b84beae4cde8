package dev.asyncloop.core.internal;

/**
 * What a thread was doing when its stack was taken, as far as telling a mistake from
 * warm-up goes. A cold JVM spends its first requests loading, linking and
 * initialising classes and reflecting over them, on whatever thread needs them: that
 * is warm-up, not a mistake of the application's, wherever it happens.
 */
enum Activity {

	/** Loading, linking or initialising classes, or introspecting them: warm-up. */
	WARMING_UP,

	/**
	 * Waiting for work (an event loop between tasks), or, in framework code, for a CPU:
	 * nobody's code is at fault.
	 */
	IDLE,

	/** Framework code only, no application frame: its first run at a place is warm-up. */
	FRAMEWORK,

	/** The application's own code is on the stack: what it does there is its doing. */
	APPLICATION;

	/** Where event loops and pools wait for work. */
	private static final String[] WAITING_FOR_WORK = { "io.netty.channel.epoll.Native.epollWait",
			"io.netty.channel.epoll.Native.epollBusyWait", "io.netty.channel.kqueue.Native.keventWait",
			"sun.nio.ch.EPoll.wait", "sun.nio.ch.KQueue.poll", "sun.nio.ch.WEPoll.wait",
			"io.netty.util.concurrent.SingleThreadEventExecutor.takeTask",
			"java.util.concurrent.ThreadPoolExecutor.getTask", "java.util.concurrent.ForkJoinPool.awaitWork" };

	/** Frames looked at for waiting for work: it is at the top of an idle thread's stack. */
	private static final int IDLE_DEPTH = 12;

	/**
	 * What a thread with {@code stack} (innermost frame first) is doing.
	 */
	static Activity of(StackTraceElement[] stack, ApplicationCode code) {
		if (isWarmingUp(stack)) {
			return WARMING_UP;
		}
		if (isIdle(stack)) {
			return IDLE;
		}
		for (StackTraceElement frame : stack) {
			if (code.isApplication(frame)) {
				return APPLICATION;
			}
		}
		return FRAMEWORK;
	}

	/**
	 * Whether a thread with this stack is loading, linking or initialising classes, or
	 * introspecting them: anywhere in the stack, since the frames above such a frame
	 * (a static initialiser reading a file, a class loader waiting for a jar) are part
	 * of it.
	 */
	static boolean isWarmingUp(StackTraceElement[] stack) {
		for (StackTraceElement frame : stack) {
			if (isWarmUpFrame(frame.getClassName(), frame.getMethodName())) {
				return true;
			}
		}
		return false;
	}

	static boolean isWarmUpFrame(String className, String method) {
		if (method.equals("<clinit>")) {
			return true; // a static initialiser
		}
		if (className.startsWith("jdk.internal.loader.") || className.startsWith("org.springframework.boot.loader.")
				|| className.startsWith("sun.reflect.annotation.") || className.startsWith("sun.reflect.generics.")
				|| className.equals("jdk.internal.reflect.MethodAccessorGenerator")
				|| className.equals("jdk.internal.reflect.ReflectionFactory")
				|| className.equals("java.util.ServiceLoader")) {
			return true;
		}
		return switch (className) {
			case "java.lang.ClassLoader", "java.security.SecureClassLoader", "java.net.URLClassLoader" ->
				method.startsWith("loadClass") || method.startsWith("defineClass") || method.startsWith("findClass");
			case "java.lang.Class" -> method.startsWith("forName") || method.startsWith("getDeclared")
					|| method.startsWith("privateGetDeclared") || method.startsWith("privateGetPublic")
					|| method.equals("getMethods") || method.equals("getFields") || method.equals("getConstructors")
					|| method.equals("getRecordComponents") || method.equals("reflectionData")
					|| method.equals("createAnnotationData") || method.equals("getGenericInfo");
			case "java.lang.invoke.MethodHandleNatives" -> method.startsWith("link") || method.startsWith("resolve");
			case "java.lang.invoke.InnerClassLambdaMetafactory", "java.lang.invoke.LambdaMetafactory",
					"java.lang.invoke.BootstrapMethodInvoker", "java.lang.invoke.InvokerBytecodeGenerator",
					"java.lang.invoke.StringConcatFactory", "java.lang.invoke.ClassSpecializer",
					"java.lang.invoke.ClassSpecializer$Factory" ->
				true;
			case "java.lang.invoke.MethodHandles$Lookup" -> method.startsWith("define");
			case "java.lang.System", "java.lang.Runtime" -> method.equals("load") || method.equals("loadLibrary");
			default -> false;
		};
	}

	private static boolean isIdle(StackTraceElement[] stack) {
		int depth = Math.min(stack.length, IDLE_DEPTH);
		for (int i = 0; i < depth; i++) {
			String method = stack[i].getClassName() + "." + stack[i].getMethodName();
			for (String waiting : WAITING_FOR_WORK) {
				if (method.equals(waiting)) {
					return true;
				}
			}
		}
		return false;
	}

}
