package dev.asyncloop.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.AssemblySite;
import dev.asyncloop.core.internal.NeverAwaitedWatch;
import dev.asyncloop.core.internal.PublisherChain;
import dev.asyncloop.reactor.AssembledPublishers.Member;
import dev.asyncloop.reactor.AssemblySites.Attribution;
import dev.asyncloop.reactor.AssemblySites.Code;
import dev.asyncloop.reactor.AssemblySites.Written;
import dev.asyncloop.scheduling.InternalAccess;

/**
 * Never-subscribed publishers wherever the application assembles them: a keyed
 * {@code Hooks.onEachOperator} hook sees every {@code Mono} and {@code Flux} being
 * assembled. One assembled on top of a watched publisher not consumed yet (as its
 * source, or as an argument: {@code then(other)}, {@code zip(a, b)}...) consumes it
 * and joins its chain; one assembled on nothing watched begins a chain if the
 * application assembled it (see {@link AssemblySites}). Each member of a chain is a
 * transparent wrapper that notes its subscription, including Reactor's inner
 * subscriptions ({@code flatMap}, {@code defer}, {@code onErrorResume}...) which no
 * hook sees. {@link NeverAwaitedWatch} reports a chain dropped with a member nobody
 * consumed.
 *
 * <p>Scalar constants ({@code Mono.just}, {@code Mono.error}, {@code Mono.empty()}),
 * {@code ConnectableFlux}, {@code GroupedFlux} and {@code ParallelFlux} are not watched.
 * The hook is installed while debug mode is on (it follows debug mode switched at
 * runtime) and removed at close; other libraries' hooks keep working. A failure in
 * here hands the publisher back untouched.
 */
public final class AssemblyTracking implements AutoCloseable {

	private static final AtomicLong instances = new AtomicLong();

	/** Elements of an array or collection an operator holds that are looked at for publishers. */
	private static final int ELEMENTS_LOOKED_AT = 1024;

	/** Wrappers of other instrumentation (an assembly trace, a lift) looked through for a member. */
	private static final int WRAPPERS_LOOKED_THROUGH = 4;

	private static final VarHandle MONO_SOURCE = sourceField(MonoOperator.class, Mono.class);

	private static final VarHandle FLUX_SOURCE = sourceField(FluxOperator.class, Flux.class);

	private final String key = "asyncloop-never-awaited-" + instances.incrementAndGet();

	private final Engine engine;

	private final NeverAwaitedWatch watch;

	private final AssemblySites sites;

	private final ClassCache<OperatorShape> shapes = new ClassCache<>(OperatorShape::of);

	private final ClassCache<Written> written;

	private final Runnable followDebug = this::followDebug;

	private volatile boolean hooked;

	private volatile boolean closed;

	private AssemblyTracking(Engine engine, ApplicationCode applicationCode) {
		this.engine = engine;
		this.watch = engine.neverAwaited();
		this.sites = new AssemblySites(applicationCode);
		this.written = new ClassCache<>(this.sites::written);
	}

	/**
	 * Starts tracking for {@code engine}: now if debug mode is on, otherwise once it is
	 * switched on.
	 * @param applicationCode whose frames and lambdas are the application's
	 */
	public static AssemblyTracking install(Engine engine, ApplicationCode applicationCode) {
		AssemblyTracking tracking = new AssemblyTracking(engine, applicationCode);
		tracking.followDebug();
		engine.addWatchdogCheck(tracking.followDebug);
		return tracking;
	}

	/**
	 * Whether publishers are being tracked now.
	 */
	public boolean isTracking() {
		return this.hooked;
	}

	/**
	 * A bean method named {@code name} (as {@code Class.method}) returned {@code result}:
	 * watches it as such, so that it is reported as returned by that method.
	 * @param method the method, to know the places it is called from
	 * @return what to hand to the caller: {@code result} or a member wrapping it
	 */
	public Object returned(Object result, String name, Method method) {
		OperatorShape shape = (result != null) ? this.shapes.get(result.getClass()) : null;
		if (!this.hooked || shape == null || !shape.watchable) {
			return result;
		}
		try {
			AssemblySite returnedAt = this.sites.calling(method);
			Member ours = null;
			for (Member member = AssembledPublishers.member(result); member != null; member = AssembledPublishers
				.member(member.source())) {
				if (member.chain().belongsTo(this.watch)) {
					ours = member;
				}
				else {
					member.chain().disown(); // watched by another application too: this one's bean returned it
				}
			}
			if (ours != null && !ours.isConsumed()) {
				ours.chain().returnedBy(name, returnedAt);
				return result;
			}
			// Assembled by the framework, or already consumed elsewhere: watch what was handed out.
			PublisherChain chain = this.watch.chain(null, type(shape), true);
			chain.returnedBy(name, returnedAt);
			return begin(result, shape, chain);
		}
		catch (RuntimeException ex) {
			this.engine.tracking().errors().report("watching a returned publisher", ex);
			return result;
		}
	}

	private Publisher<Object> onAssembly(Publisher<Object> publisher) {
		try {
			return assembled(publisher);
		}
		catch (Throwable ex) {
			this.engine.tracking().errors().report("watching an assembled publisher", ex);
			return publisher;
		}
	}

	private Publisher<Object> assembled(Publisher<Object> publisher) {
		OperatorShape own = this.shapes.get(publisher.getClass());
		Object operator = publisher;
		OperatorShape shape = own;
		while (shape.member) {
			// Another application's member: judge what it wraps.
			operator = ((Member) operator).source();
			shape = this.shapes.get(operator.getClass());
		}
		// What the operator holds: the members it consumes, the chain it joins (that of the
		// first member it consumes), whether it holds a publisher, whose code it runs.
		PublisherChain joined = null;
		boolean holdsPublisher = false;
		Written applicationCode = null;
		Written frameworkCode = null;
		Object parent = parent(operator);
		Object source = parent;
		if (parent != null) {
			holdsPublisher = true;
			joined = consume(parent, null);
		}
		for (int i = 0; i < shape.holds.length; i++) {
			int holds = shape.holds[i];
			if (holds == OperatorShape.HOLDS_CODE
					&& (applicationCode != null || (joined != null && joined.isHanded()))) {
				continue; // who wrote its code no longer matters
			}
			Object value = shape.read(i, operator);
			if (value == null) {
				continue;
			}
			if ((holds & OperatorShape.HOLDS_CODE) != 0 && AssembledPublishers.member(value) == null) {
				Written written = this.written.get(value.getClass());
				if (written.code() == Code.APPLICATION) {
					applicationCode = (applicationCode != null) ? applicationCode : written;
					continue; // code, not a publisher
				}
				if (written.code() == Code.FRAMEWORK) {
					frameworkCode = (frameworkCode != null) ? frameworkCode : written;
					continue;
				}
			}
			if ((holds & OperatorShape.HOLDS_PUBLISHERS) != 0) {
				OperatorShape held = this.shapes.get(value.getClass());
				if (held.publisher) {
					holdsPublisher = true;
					source = (source != null) ? source : value;
					joined = consume(value, joined);
				}
				else if (held.many) {
					Object first = firstPublisher(value);
					if (first != null) {
						holdsPublisher = true;
						source = (source != null) ? source : first;
						joined = consumeAll(value, joined);
					}
				}
			}
		}
		if (!own.watchable || shape.scalar) {
			if (joined != null) {
				joined.consumed(); // not watched: the member it consumed is gone from its chain
			}
			return publisher;
		}
		if (joined != null) {
			joined.extended(type(own));
			if (!joined.isHanded()
					&& this.sites.isHandedNow((applicationCode != null) ? applicationCode : frameworkCode, operator)) {
				joined.handed();
			}
			return AssembledPublishers.wrap(publisher, own, joined);
		}
		Attribution attribution = attribute(operator, applicationCode, frameworkCode, source, holdsPublisher);
		if (attribution == null) {
			return publisher;
		}
		return begin(publisher, own, this.watch.chain(attribution.site(), type(own), attribution.handed()));
	}

	/**
	 * Who assembled {@code operator}, which holds nothing watched: the application if it
	 * runs code the application wrote; the framework if it runs the framework's code on
	 * a publisher it holds; nobody if it is a source of plain values running no code at
	 * all ({@code Flux.range}, {@code Flux.fromIterable}, {@code Mono.delay}: dropping one
	 * loses nothing, and the first operator assembled on it is watched); otherwise whoever
	 * the stack names, as known for the place: the code it runs, or the class of
	 * publisher it holds.
	 */
	private Attribution attribute(Object operator, Written applicationCode, Written frameworkCode, Object source,
			boolean holdsPublisher) {
		if (applicationCode != null) {
			return this.sites.place(applicationCode, operator.getClass());
		}
		if ((frameworkCode != null) == holdsPublisher) {
			return null; // the framework's operator on a publisher it was given, or a source of values
		}
		if (frameworkCode != null) {
			return this.sites.place(frameworkCode, operator.getClass());
		}
		return (source != null) ? this.sites.placeOn(source.getClass(), operator.getClass()) : this.sites.walk();
	}

	/**
	 * Consumes our member behind {@code value}, if there is one not consumed yet.
	 * @return the chain the new member joins: {@code joined}, or the consumed member's
	 * if none yet
	 */
	private PublisherChain consume(Object value, PublisherChain joined) {
		Member member = ours(value);
		if (member == null || !member.consume()) {
			return joined;
		}
		PublisherChain chain = member.chain();
		if (joined == null) {
			return chain; // the new member takes the place of this one in its chain
		}
		chain.consumed();
		return joined;
	}

	/**
	 * {@link #consume} for each publisher of an array or collection an operator holds.
	 */
	private PublisherChain consumeAll(Object many, PublisherChain joined) {
		if (many instanceof Object[] array) {
			for (int i = 0; i < Math.min(array.length, ELEMENTS_LOOKED_AT); i++) {
				joined = consumeOne(array[i], joined);
			}
			return joined;
		}
		try {
			int looked = 0;
			for (Object element : (Collection<?>) many) {
				if (looked++ == ELEMENTS_LOOKED_AT) {
					break;
				}
				joined = consumeOne(element, joined);
			}
		}
		catch (ConcurrentModificationException ex) {
			// Changing under us: what else it holds is not known.
		}
		return joined;
	}

	private PublisherChain consumeOne(Object element, PublisherChain joined) {
		if (element == null) {
			return joined;
		}
		return this.shapes.get(element.getClass()).publisher ? consume(element, joined) : joined;
	}

	/**
	 * The first of the publishers an operator holds in an array or a collection; it
	 * stands for them all as the source that names the operator's place, so that
	 * {@code Flux.concat(list)} or {@code Mono.firstWithSignal(...)}, which frameworks
	 * assemble on every request, is known per place like any other operator rather than
	 * having its stack walked each time.
	 */
	private Object firstPublisher(Object many) {
		Object first;
		if (many instanceof Object[] array) {
			first = (array.length > 0) ? array[0] : null;
		}
		else {
			try {
				Collection<?> collection = (Collection<?>) many;
				first = collection.isEmpty() ? null : collection.iterator().next();
			}
			catch (ConcurrentModificationException | NoSuchElementException ex) {
				return null; // changing under us
			}
		}
		return (first != null && this.shapes.get(first.getClass()).publisher) ? first : null;
	}

	/**
	 * The source of {@code operator}, as {@code Scannable} tells it, for operators on
	 * Reactor's public base classes, whose source field is theirs; the fields of other
	 * operators are read instead.
	 */
	private static Object parent(Object operator) {
		if (operator instanceof MonoOperator<?, ?> mono) {
			return (MONO_SOURCE != null) ? MONO_SOURCE.get(mono) : mono.scanUnsafe(Scannable.Attr.PARENT);
		}
		if (operator instanceof FluxOperator<?, ?> flux) {
			return (FLUX_SOURCE != null) ? FLUX_SOURCE.get(flux) : flux.scanUnsafe(Scannable.Attr.PARENT);
		}
		return null;
	}

	/**
	 * The {@code source} field of Reactor's operator base class {@code operator}, read as
	 * a plain field: asking each operator's {@code scanUnsafe} is a call to one of
	 * hundreds of classes on every assembly. {@code null} if it cannot be reached, and
	 * {@code scanUnsafe} is asked instead.
	 */
	static VarHandle sourceField(Class<?> operator, Class<?> type) {
		return InternalAccess.find("the source field of Reactor's " + operator.getName(),
				"each operator's source is asked of the operator (Scannable), a little slower",
				() -> MethodHandles.privateLookupIn(operator, MethodHandles.lookup())
					.findVarHandle(operator, "source", type));
	}

	/**
	 * {@code publisher} as the first member of {@code chain}.
	 */
	private Publisher<Object> begin(Object publisher, OperatorShape shape, PublisherChain chain) {
		Publisher<Object> member = AssembledPublishers.wrap(publisher, shape, chain);
		this.watch.watch(chain, member);
		return member;
	}

	/**
	 * Our member behind {@code value}, looking through other instrumentation's wrappers.
	 */
	private Member ours(Object value) {
		for (int i = 0; i < WRAPPERS_LOOKED_THROUGH && value != null; i++) {
			Member member = AssembledPublishers.member(value);
			if (member != null) {
				if (member.chain().belongsTo(this.watch)) {
					return member;
				}
				value = member.source();
			}
			else if (this.shapes.get(value.getClass()).wrapper) {
				value = ((Scannable) value).scanUnsafe(Scannable.Attr.PARENT);
			}
			else {
				return null;
			}
		}
		return null;
	}

	private static String type(OperatorShape shape) {
		return shape.mono ? AssembledPublishers.MONO : AssembledPublishers.FLUX;
	}

	private void followDebug() {
		boolean wanted = this.engine.settings().isDebug() && !this.closed;
		if (wanted != this.hooked) {
			synchronized (this) {
				if (wanted && !this.hooked) {
					Hooks.onEachOperator(this.key, this::onAssembly);
					this.hooked = true;
				}
				else if (!wanted && this.hooked) {
					Hooks.resetOnEachOperator(this.key);
					this.hooked = false;
				}
			}
		}
	}

	/**
	 * Removes the hook. Members already handed out keep working.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.engine.removeWatchdogCheck(this.followDebug);
		followDebug();
	}

}
