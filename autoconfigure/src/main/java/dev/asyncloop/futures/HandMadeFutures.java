package dev.asyncloop.futures;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Where the application makes a {@code CompletableFuture} itself, to complete it by
 * hand: right after each {@code new CompletableFuture<>()} in the application's own
 * classes, a call to the hooks names the place, so that a failure of that future
 * nobody retrieves is reported with where it was made, as asyncio reports where a
 * future was created. The JDK makes most futures with the same constructor (one per
 * {@code thenApply} stage, and those are known by their function already), so the
 * constructor itself is not woven: only the application's classes are, those in its
 * packages and not asyncloop's own, and a stack is taken once per place.
 *
 * <p>Nothing in a class changes but the instructions after such a construction, so
 * classes already loaded are retransformed, from their class files, and given their
 * code back by {@link #remove()}.
 */
final class HandMadeFutures implements ClassFileTransformer {

	private static final String FUTURE = "java/util/concurrent/CompletableFuture";

	private static final byte[] FUTURE_NAME = FUTURE.getBytes(StandardCharsets.UTF_8);

	private static final String HOOK_DESCRIPTOR = "(Ljava/lang/Object;Ljava/lang/String;)V";

	private final Instrumentation instrumentation;

	/** The hooks' class, as the application's classes name it. */
	private final String hooks;

	/** Where asyncloop's own classes come from, never woven; {@code null} if unknown. */
	private final String ownCode;

	/** The application's packages, as prefixes of internal class names ({@code com/example/}). */
	private final List<String> packages = new CopyOnWriteArrayList<>();

	/** The classes woven, by name, to give back their code. */
	private final Set<String> woven = ConcurrentHashMap.newKeySet();

	/** Whether the woven classes are being given their code back. */
	private volatile boolean givingBack;

	private HandMadeFutures(Instrumentation instrumentation, String hooks) {
		this.instrumentation = instrumentation;
		this.hooks = hooks.replace('.', '/');
		this.ownCode = location(HandMadeFutures.class.getProtectionDomain());
	}

	static HandMadeFutures install(Instrumentation instrumentation, String hooks) {
		HandMadeFutures futures = new HandMadeFutures(instrumentation, hooks);
		instrumentation.addTransformer(futures, true);
		return futures;
	}

	/**
	 * Weaves the classes of {@code packages} too: those loaded already now, the others
	 * as they load.
	 */
	void weave(List<String> packages) {
		List<String> added = new ArrayList<>();
		for (String name : packages) {
			String prefix = name.replace('.', '/') + "/";
			if (!this.packages.contains(prefix)) {
				this.packages.add(prefix);
				added.add(prefix);
			}
		}
		if (!added.isEmpty()) {
			List<String> dotted = added.stream().map((prefix) -> prefix.replace('/', '.')).toList();
			retransform((type) -> startsWithAny(type.getName(), dotted) && mayMakeFutures(type));
		}
	}

	/**
	 * Stops weaving, and gives the woven classes their code back.
	 */
	void remove() {
		this.givingBack = true;
		try {
			retransform((type) -> this.woven.contains(type.getName().replace('.', '/')));
		}
		finally {
			this.instrumentation.removeTransformer(this);
			this.packages.clear();
			this.woven.clear();
		}
	}

	/**
	 * Weaves a class of the application as it loads, or again when it is
	 * retransformed. A retransformed class is woven from its class file, read from its
	 * class loader, not from the bytes the JVM passes: for a class loaded before any
	 * agent was there, the JVM rebuilds those from the loaded class and leaves out its
	 * parameter names, by which Spring autowires constructor arguments.
	 */
	@Override
	public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
			ProtectionDomain protectionDomain, byte[] classFile) {
		if (loader == null || className == null) {
			return null;
		}
		boolean again = classBeingRedefined != null;
		try {
			if (this.givingBack) {
				return (again && this.woven.contains(className)) ? originalClassFile(loader, className) : null;
			}
			if (!startsWithAny(className, this.packages) || isOwn(protectionDomain)) {
				return null;
			}
			byte[] source = again ? originalClassFile(loader, className) : classFile;
			if (source == null || !contains(source, FUTURE_NAME)) {
				return null;
			}
			byte[] woven = weave(source, className);
			if (woven != null) {
				this.woven.add(className);
				return woven;
			}
			return again ? source : null;
		}
		catch (RuntimeException | LinkageError ex) {
			return null; // the class stays as it was: its futures are reported without where they were made
		}
	}

	/**
	 * {@code classFile} with a call to the hooks after each construction of a future,
	 * or {@code null} if it constructs none.
	 */
	private byte[] weave(byte[] classFile, String className) {
		ClassReader reader = new ClassReader(classFile);
		ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
		Construction found = new Construction();
		reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {

			private String sourceFile;

			@Override
			public void visitSource(String source, String debug) {
				this.sourceFile = source;
				super.visitSource(source, debug);
			}

			@Override
			public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
					String[] exceptions) {
				MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
				String frame = className.replace('/', '.') + "." + name + "(";
				return new MethodVisitor(Opcodes.ASM9, method) {

					private int line = -1;

					/** Futures made with {@code new} whose constructor is not called yet. */
					private int pending;

					@Override
					public void visitLineNumber(int line, Label start) {
						this.line = line;
						super.visitLineNumber(line, start);
					}

					@Override
					public void visitTypeInsn(int opcode, String type) {
						if (opcode == Opcodes.NEW && FUTURE.equals(type)) {
							this.pending++;
						}
						super.visitTypeInsn(opcode, type);
					}

					@Override
					public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor,
							boolean isInterface) {
						super.visitMethodInsn(opcode, owner, called, calledDescriptor, isInterface);
						if (opcode == Opcodes.INVOKESPECIAL && FUTURE.equals(owner) && "<init>".equals(called)
								&& "()V".equals(calledDescriptor) && this.pending > 0) {
							this.pending--;
							// The new future is on the stack: hand a copy to the hooks with its place.
							super.visitInsn(Opcodes.DUP);
							super.visitLdcInsn(frame + place(sourceFile, this.line) + ")");
							super.visitMethodInsn(Opcodes.INVOKESTATIC, HandMadeFutures.this.hooks, "madeByHand",
									HOOK_DESCRIPTOR, false);
							found.any = true;
						}
					}

				};
			}

		}, 0);
		return found.any ? writer.toByteArray() : null;
	}

	private static String place(String sourceFile, int line) {
		if (sourceFile == null) {
			return "Unknown Source";
		}
		return (line >= 0) ? sourceFile + ":" + line : sourceFile;
	}

	private void retransform(Predicate<Class<?>> wanted) {
		try {
			Weaver.retransform(this.instrumentation, wanted);
		}
		catch (UnmodifiableClassException | RuntimeException | LinkageError ex) {
			// Those classes stay as they were: their futures are reported without where they were made.
		}
	}

	/**
	 * Whether a loaded class may make futures: whether its class file names the
	 * future's class. Read from its class loader, so that only such classes are
	 * retransformed (each retransformation is work for the whole JVM); one without a
	 * class file to read is left alone.
	 */
	private static boolean mayMakeFutures(Class<?> type) {
		byte[] classFile = originalClassFile(type.getClassLoader(), type.getName().replace('.', '/'));
		return classFile != null && contains(classFile, FUTURE_NAME);
	}

	private static byte[] originalClassFile(ClassLoader loader, String className) {
		if (loader == null) {
			return null;
		}
		try (InputStream in = loader.getResourceAsStream(className + ".class")) {
			return (in != null) ? in.readAllBytes() : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static boolean startsWithAny(String className, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/** Whether {@code bytes} hold {@code name}: a class that never names the future's class makes none. */
	private static boolean contains(byte[] bytes, byte[] name) {
		outer: for (int i = 0; i <= bytes.length - name.length; i++) {
			for (int j = 0; j < name.length; j++) {
				if (bytes[i + j] != name[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private boolean isOwn(ProtectionDomain domain) {
		return this.ownCode != null && this.ownCode.equals(location(domain));
	}

	private static String location(ProtectionDomain domain) {
		CodeSource source = (domain != null) ? domain.getCodeSource() : null;
		URL location = (source != null) ? source.getLocation() : null;
		return (location != null) ? location.toExternalForm() : null;
	}

	private static final class Construction {

		private boolean any;

	}

}
