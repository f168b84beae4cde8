package dev.asyncloop.reactor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.reactivestreams.Publisher;
import reactor.core.Fuseable;
import reactor.core.Scannable;
import reactor.core.publisher.ConnectableFlux;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.GroupedFlux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

import dev.asyncloop.scheduling.InternalAccess;

/**
 * What asyncloop needs to know about a class of operator, or of anything an operator
 * holds, worked out once per class: what kind of publisher it is (so that the hot path
 * asks no {@code instanceof} of an interface, which is slow on classes with many of
 * them), the fields that may hold a publisher it composes (an argument such as
 * {@code then(other)}'s, arrays and collections of them; its source is its
 * {@code Scannable} parent, asked without reflection) and the fields that may hold code
 * it runs (the functions and callables the application passed, which tell who
 * assembled it). Reactor's operators are read by reflection; a field that cannot be
 * opened (reactor-core on the module path) is left out.
 */
final class OperatorShape {

	private static final ClassValue<OperatorShape> SHAPES = new ClassValue<>() {
		@Override
		protected OperatorShape computeValue(Class<?> type) {
			return new OperatorShape(type);
		}
	};

	/** A field that may hold a publisher, or an array or collection of them. */
	static final int HOLDS_PUBLISHERS = 1;

	/** A field that may hold code: a function, a callable, a supplier... */
	static final int HOLDS_CODE = 2;

	private static final MethodType READ = MethodType.methodType(Object.class, Object.class);

	/**
	 * Classes whose fields are not looked at: Reactor's bases, whose only field is the
	 * source the parent gives.
	 */
	private static final Set<Class<?>> STOP = Set.of(Object.class, Mono.class, Flux.class, MonoOperator.class,
			FluxOperator.class);

	final boolean publisher;

	/** A {@code Mono}, or a {@code Flux} other than a {@code ConnectableFlux} or {@code GroupedFlux}. */
	final boolean watchable;

	final boolean mono;

	/** A constant: {@code Mono.just}, {@code Mono.error}, {@code Mono.empty()}... */
	final boolean scalar;

	final boolean fuseable;

	final boolean callable;

	final boolean scannable;

	/** An array of objects or a collection, which may hold publishers. */
	final boolean many;

	/** One of asyncloop's members, of this application or another. */
	final boolean member;

	/** Another instrumentation's wrapper around what was assembled: an assembly trace, a lift. */
	final boolean wrapper;

	/**
	 * A getter per field, as {@code (Object) -> Object}: on JDK 17 a method handle reads
	 * a field of hundreds of operator classes faster than {@code Field.get}, which checks
	 * the object's class on every read.
	 */
	private final MethodHandle[] getters;

	/** What each field may hold: {@link #HOLDS_PUBLISHERS}, {@link #HOLDS_CODE} or both. */
	final int[] holds;

	private OperatorShape(Class<?> type) {
		this.publisher = Publisher.class.isAssignableFrom(type);
		this.mono = Mono.class.isAssignableFrom(type);
		this.watchable = this.mono || (Flux.class.isAssignableFrom(type) && !ConnectableFlux.class.isAssignableFrom(type)
				&& !GroupedFlux.class.isAssignableFrom(type));
		this.scalar = Fuseable.ScalarCallable.class.isAssignableFrom(type);
		this.fuseable = Fuseable.class.isAssignableFrom(type);
		this.callable = Callable.class.isAssignableFrom(type);
		this.scannable = Scannable.class.isAssignableFrom(type);
		this.many = !this.publisher && ((type.isArray() && !type.getComponentType().isPrimitive())
				|| Collection.class.isAssignableFrom(type));
		this.member = AssembledPublishers.Member.class.isAssignableFrom(type);
		this.wrapper = type.getName().startsWith("reactor.core.publisher.")
				&& (type.getSimpleName().contains("OnAssembly") || type.getSimpleName().contains("Lift"));
		List<Field> fields = new ArrayList<>();
		List<Integer> holds = new ArrayList<>();
		if (this.publisher && !this.member) {
			for (Class<?> declaring = type; declaring != null && !STOP.contains(declaring); declaring = declaring
				.getSuperclass()) {
				for (Field field : declaring.getDeclaredFields()) {
					int held = holds(field);
					if (held != 0 && open(field)) {
						fields.add(field);
						holds.add(held);
					}
				}
			}
		}
		this.getters = fields.stream().map(OperatorShape::getter).toArray(MethodHandle[]::new);
		this.holds = holds.stream().mapToInt(Integer::intValue).toArray();
	}

	static OperatorShape of(Class<?> type) {
		return SHAPES.get(type);
	}

	/**
	 * The value of {@code field} in {@code operator}; {@code null} if it cannot be read.
	 */
	Object read(int field, Object operator) {
		try {
			Object value = (Object) this.getters[field].invokeExact(operator);
			// Flux.push's emitter, checked for races in debug mode: the application wrote what it wraps.
			return (value instanceof CheckedPush push) ? push.emitter() : value;
		}
		catch (Throwable ex) {
			return null;
		}
	}

	private static int holds(Field field) {
		Class<?> type = field.getType();
		if (Modifier.isStatic(field.getModifiers()) || type.isPrimitive()) {
			return 0;
		}
		if (Publisher.class.isAssignableFrom(type) && !mayHoldPublisher(type)) {
			return 0; // a publisher, but never a member: Reactor's view of the source it already holds
		}
		return (mayHoldPublisher(type) ? HOLDS_PUBLISHERS : 0)
				| ((type.isInterface() || type == Object.class) ? HOLDS_CODE : 0);
	}

	private static boolean mayHoldPublisher(Class<?> type) {
		if (type.isArray()) {
			return mayHoldPublisher(type.getComponentType());
		}
		if (Iterable.class.isAssignableFrom(type)) {
			return true;
		}
		for (Class<?> variant : AssembledPublishers.VARIANTS) {
			if (type.isAssignableFrom(variant)) {
				return true;
			}
		}
		return false;
	}

	private static MethodHandle getter(Field field) {
		try {
			return MethodHandles.lookup().unreflectGetter(field).asType(READ);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex); // it was opened before
		}
	}

	/**
	 * Whether {@code field} of an operator can be read; logged once, for the first
	 * field refused, if not.
	 */
	static boolean open(Field field) {
		try {
			field.setAccessible(true);
			return true;
		}
		catch (RuntimeException ex) {
			InternalAccess.unreachable("the private fields of some publishers",
					"what those fields hold is not followed when deciding whether a publisher was composed",
					field.getDeclaringClass().getName() + "." + field.getName() + ": " + ex);
			return false;
		}
	}

}
