package dev.asyncloop.reactor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.reactivestreams.Publisher;

import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.AssemblySite;

/**
 * Who assembled a publisher: the first application frame of the assembling stack,
 * looked for at most {@value #SEARCHED} frames deep, with the frames outward of it.
 * A stack without one within that depth is the framework's. The frame just inward of
 * the application's is the method it called; if that method returns a publisher, the
 * application was handed what was assembled (it called {@code Mono.fromCallable},
 * {@code flatMap} or {@code WebClient}'s {@code bodyToMono}); if not, a framework
 * assembled it for its own use while the application called it.
 *
 * <p>Walking the stack costs microseconds, many times what assembling an operator
 * costs. So it is known per place: an operator class running code written at one place
 * (a lambda, a method reference, an anonymous class, the application's or a
 * framework's), an operator class running none on a publisher of a given class, a bean
 * method returning a publisher. The stack is walked for the first {@value #EXACT_FIRST}
 * times at a place; if their application frames were all the same, later times share
 * the first one's site, checked again every {@value #CHECK_EVERY}th time, or every
 * {@value #CHECK_FRAMEWORK_EVERY}th where no application frame was found, so that a
 * framework's code the application starts calling later is noticed soon. A place
 * reached from several callers, or whose chain was reported, has its stack walked
 * every time, so that each report names its own callers.
 */
final class AssemblySites {

	/** Frames looked through for the application's. */
	static final int SEARCHED = 64;

	/** Frames kept from the application's frame outward. */
	static final int KEPT = 32;

	/** Chains begun at one place whose stack is walked before the place may share one. */
	static final int EXACT_FIRST = 16;

	/** How often a place sharing a site has its stack walked again, to check its callers. */
	static final int CHECK_EVERY = 1 << 16;

	/**
	 * How often a place where only the framework was found has its stack walked again,
	 * to find out whether the application calls it now.
	 */
	static final int CHECK_FRAMEWORK_EVERY = 256;

	private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE),
			SEARCHED + KEPT);

	/** The attribution of a place where no application frame was found. */
	private static final Attribution FRAMEWORK = new Attribution(null, false);

	private static final Attribution HANDED = new Attribution(null, true);

	private static final Attribution NOT_HANDED = new Attribution(null, false);

	private final ApplicationCode applicationCode;

	private final ClassValue<Boolean> applicationClasses = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			return isApplication(type.getName());
		}
	};

	/** Per class of a value an operator holds: whose code it is, and where it was given. */
	private final ClassValue<Written> written = new ClassValue<>() {
		@Override
		protected Written computeValue(Class<?> type) {
			if ((!type.isSynthetic() && !type.isHidden() && !type.isAnonymousClass() && !type.isLocalClass())
					|| Publisher.class.isAssignableFrom(type) || Iterable.class.isAssignableFrom(type)) {
				return Written.NOT_CODE; // a publisher or a collection written in place is no code to run
			}
			return new Written(isApplication(host(type).getName()) ? Code.APPLICATION : Code.FRAMEWORK, new Places());
		}
	};

	/** Per class of publisher an operator without code holds, the places of each operator class. */
	private final ClassValue<Places> onSources = new ClassValue<>() {
		@Override
		protected Places computeValue(Class<?> type) {
			return new Places();
		}
	};

	/** Per bean method returning a publisher, the place it is called from. */
	private final Map<Object, Place> returns = new ConcurrentHashMap<>();

	AssemblySites(ApplicationCode applicationCode) {
		this.applicationCode = applicationCode;
	}

	/**
	 * What a value of class {@code type}, held by an operator, says about who assembled it.
	 */
	Written written(Class<?> type) {
		return this.written.get(type);
	}

	/**
	 * Who assembled a publisher of class {@code operator} running code {@code code};
	 * {@code null} for the framework.
	 */
	Attribution place(Written code, Class<?> operator) {
		return place(code.places().of(operator));
	}

	/**
	 * Who assembled a publisher of class {@code operator} running no code, on a
	 * publisher of class {@code source}; {@code null} for the framework.
	 */
	Attribution placeOn(Class<?> source, Class<?> operator) {
		return place(this.onSources.get(source).of(operator));
	}

	/**
	 * Where the application called the bean method {@code method}, returning a publisher
	 * now: from the first application frame outward, known for the method as a chain's
	 * site is for its place; {@code null} if the framework called it.
	 */
	AssemblySite calling(Object method) {
		Place place = this.returns.get(method);
		if (place == null) {
			place = this.returns.computeIfAbsent(method, (key) -> new Place());
		}
		Attribution attribution = place(place);
		return (attribution != null) ? attribution.site() : null;
	}

	private Attribution place(Place place) {
		int seen = ++place.seen; // racy on purpose: a count lost now and then changes nothing
		Attribution sample = place.sample;
		if (sample != null && !place.varied && seen > EXACT_FIRST
				&& seen % ((sample == FRAMEWORK) ? CHECK_FRAMEWORK_EVERY : CHECK_EVERY) != 0
				&& (sample == FRAMEWORK || !sample.site().isReported())) {
			return (sample != FRAMEWORK) ? sample : null;
		}
		Attribution exact = walk();
		if (sample == null) {
			place.sample = (exact != null) ? exact.shared() : FRAMEWORK;
		}
		else if (!sameCallers(sample, exact)) {
			place.varied = true;
		}
		return exact;
	}

	/**
	 * Who assembled the publisher being assembled now, from the stack; {@code null} if
	 * no application frame is within reach.
	 */
	Attribution walk() {
		return walk(true);
	}

	/**
	 * @param keepFrames whether to keep the stack from the application frame outward, or
	 * only to tell whether the application is handed what is assembled (then with no site)
	 */
	private Attribution walk(boolean keepFrames) {
		return WALKER.walk((frames) -> {
			Iterator<StackWalker.StackFrame> stack = frames.iterator();
			StackWalker.StackFrame called = null;
			for (int i = 0; i < SEARCHED && stack.hasNext(); i++) {
				StackWalker.StackFrame frame = stack.next();
				if (this.applicationClasses.get(frame.getDeclaringClass())) {
					boolean handed = returnsPublisher(called);
					if (!keepFrames) {
						return handed ? HANDED : NOT_HANDED;
					}
					List<StackTraceElement> kept = new ArrayList<>(KEPT);
					kept.add(frame.toStackTraceElement());
					while (kept.size() < KEPT && stack.hasNext()) {
						kept.add(stack.next().toStackTraceElement());
					}
					return new Attribution(new AssemblySite(kept.toArray(new StackTraceElement[0]), false), handed);
				}
				called = frame;
			}
			return null;
		});
	}

	/**
	 * Whether the application is being handed what is assembled now, an operator of
	 * class {@code operator} running code {@code code} (or none): as known for that place,
	 * found out like the site of a chain.
	 */
	boolean isHandedNow(Written code, Object operator) {
		if (code == null) {
			return isHandedNow();
		}
		Place place = code.places().of(operator.getClass());
		int seen = ++place.handedSeen;
		Boolean sample = place.handed;
		if (sample != null && !place.handedVaried && seen > EXACT_FIRST && seen % CHECK_FRAMEWORK_EVERY != 0) {
			return sample;
		}
		boolean handed = isHandedNow();
		if (sample == null) {
			place.handed = handed;
		}
		else if (sample != handed) {
			place.handedVaried = true;
		}
		return handed;
	}

	/**
	 * Whether the application is being handed what is assembled now: the method it
	 * called, innermost of its frames, returns a publisher.
	 */
	private boolean isHandedNow() {
		return walk(false) == HANDED;
	}

	private static boolean returnsPublisher(StackWalker.StackFrame called) {
		return called != null && Publisher.class.isAssignableFrom(called.getMethodType().returnType());
	}

	private boolean sameCallers(Attribution sample, Attribution exact) {
		if (sample == FRAMEWORK || exact == null) {
			return sample == FRAMEWORK && exact == null;
		}
		return applicationFrames(sample.site()).equals(applicationFrames(exact.site()));
	}

	private List<StackTraceElement> applicationFrames(AssemblySite site) {
		return Arrays.stream(site.frames()).filter(this.applicationCode::isApplication).toList();
	}

	private boolean isApplication(String className) {
		return this.applicationCode.isApplication(new StackTraceElement(className, "", null, -1));
	}

	/**
	 * The class that wrote {@code type}: a lambda's or an anonymous class's enclosing class.
	 */
	private static Class<?> host(Class<?> type) {
		try {
			return type.getNestHost();
		}
		catch (RuntimeException | LinkageError ex) {
			return type;
		}
	}

	/**
	 * Where a chain begins, and whether the application was handed its first member.
	 */
	record Attribution(AssemblySite site, boolean handed) {

		Attribution shared() {
			return new Attribution(this.site.shared(), this.handed);
		}

	}

	/**
	 * The places of one class of application code: nearly always one operator class.
	 */
	static final class Places {

		private volatile OperatorPlace first;

		private final Map<Class<?>, Place> others = new ConcurrentHashMap<>(4);

		Place of(Class<?> operator) {
			OperatorPlace first = this.first;
			if (first != null && first.operator() == operator) {
				return first.place();
			}
			synchronized (this) {
				if (this.first == null) {
					this.first = new OperatorPlace(operator, new Place());
					return this.first.place();
				}
			}
			return this.others.computeIfAbsent(operator, (type) -> new Place());
		}

	}

	private record OperatorPlace(Class<?> operator, Place place) {
	}

	/**
	 * One place of application code given to one operator class.
	 */
	private static final class Place {

		volatile Attribution sample;

		volatile boolean varied;

		int seen;

		/** Whether the application was handed what an operator joining a chain here made. */
		volatile Boolean handed;

		volatile boolean handedVaried;

		int handedSeen;

	}

	/**
	 * What a class of value held by an operator is: code (a lambda, an anonymous class)
	 * of the application's or a framework's, or no code written at one place; with the
	 * places where the application's was given to operators.
	 */
	record Written(Code code, Places places) {

		static final Written NOT_CODE = new Written(Code.NONE, null);

	}

	/**
	 * Who wrote the code an operator holds.
	 */
	enum Code {

		/** Not code written at one place: a value, a named class. */
		NONE,

		/** A lambda or anonymous class of the application. */
		APPLICATION,

		/** A lambda or anonymous class of the JDK or a framework. */
		FRAMEWORK

	}

}
