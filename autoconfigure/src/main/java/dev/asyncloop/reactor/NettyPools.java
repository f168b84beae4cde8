package dev.asyncloop.reactor;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.http.HttpResources;
import reactor.netty.tcp.TcpResources;

import dev.asyncloop.core.internal.Transports;
import dev.asyncloop.scheduling.InternalAccess;

/**
 * The connection pools of Reactor Netty's global HTTP resources (what
 * {@code HttpClient.create()} and Spring's {@code WebClient} use unless given their
 * own): one per remote address, with its active, idle and pending connections. Reactor
 * Netty publishes these only to Micrometer, so they are read from its provider's
 * fields; where those cannot be read, no pool is listed and one line says why.
 * Reading never creates the global resources.
 */
public final class NettyPools implements Supplier<List<Transports.Pool>>, AutoCloseable {

	private static final Log logger = LogFactory.getLog(NettyPools.class);

	private final Transports transports;

	private final InternalAccess.Lookup<Object> globalResources;

	private volatile boolean unreadable;

	/**
	 * Lists the pools among {@code transports} until closed.
	 */
	public NettyPools(Transports transports) {
		this(transports, NettyPools::globalResources);
	}

	/**
	 * @param globalResources reads Reactor Netty's global HTTP resources, or {@code null}
	 * while there are none
	 */
	NettyPools(Transports transports, InternalAccess.Lookup<Object> globalResources) {
		this.transports = transports;
		this.globalResources = globalResources;
		transports.addPools(this);
	}

	@Override
	public void close() {
		this.transports.removePools(this);
	}

	@Override
	public List<Transports.Pool> get() {
		if (this.unreadable) {
			return List.of();
		}
		try {
			Object resources = this.globalResources.find();
			return (resources != null) ? pools(resources) : List.of();
		}
		catch (Exception | LinkageError ex) {
			this.unreadable = true;
			logger.info("asyncloop cannot read Reactor Netty's connection pools (" + ex
					+ "); /actuator/asyncloop/resources lists connections but no pools");
			return List.of();
		}
	}

	static Object globalResources() throws ReflectiveOperationException {
		Field field = HttpResources.class.getDeclaredField("httpResources");
		field.setAccessible(true);
		return ((AtomicReference<?>) field.get(null)).get();
	}

	private static List<Transports.Pool> pools(Object resources) throws ReflectiveOperationException {
		Object provider = read(TcpResources.class, resources, "defaultProvider");
		String name = (String) provider.getClass().getMethod("name").invoke(provider);
		Map<?, ?> channelPools = (Map<?, ?>) read(provider.getClass(), provider, "channelPools");
		int max = maxConnections(provider);
		List<Transports.Pool> pools = new ArrayList<>();
		for (Map.Entry<?, ?> pool : channelPools.entrySet()) {
			Object metrics = invoke(pool.getValue(), "metrics");
			pools.add(new Transports.Pool(name, String.valueOf(read(pool.getKey().getClass(), pool.getKey(), "holder")),
					(int) invoke(metrics, "acquiredSize"), (int) invoke(metrics, "idleSize"),
					(int) invoke(metrics, "pendingAcquireSize"),
					(max > 0) ? max : (int) invoke(metrics, "getMaxAllocatedSize")));
		}
		return pools;
	}

	private static int maxConnections(Object provider) {
		try {
			Object max = provider.getClass().getMethod("maxConnections").invoke(provider);
			return (max instanceof Integer value) ? value : -1;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return -1;
		}
	}

	private static Object invoke(Object target, String name) throws ReflectiveOperationException {
		Method method = target.getClass().getMethod(name);
		method.setAccessible(true);
		return method.invoke(target);
	}

	/**
	 * The field {@code name} of {@code target}, declared by {@code type} or a superclass.
	 */
	private static Object read(Class<?> type, Object target, String name) throws ReflectiveOperationException {
		for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
			try {
				Field field = declaring.getDeclaredField(name);
				field.setAccessible(true);
				return field.get(target);
			}
			catch (NoSuchFieldException ex) {
				// look further up
			}
		}
		throw new NoSuchFieldException(type.getName() + "." + name);
	}

}
