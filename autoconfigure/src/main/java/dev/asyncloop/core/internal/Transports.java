package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live transports of one application, as asyncio's debug mode tracks them: open
 * connections, server and client side, and client connection pools. The integrations
 * that see connections open and close register them; pools are read when asked for.
 */
public final class Transports {

	private final Map<Object, Connection> connections = new ConcurrentHashMap<>();

	private final List<Supplier<List<Pool>>> pools = new CopyOnWriteArrayList<>();

	/** Every pool read so far, by {@link Pool#key()}: what pool listeners have been told of. */
	private final Map<String, Pool> knownPools = new ConcurrentHashMap<>();

	private final List<Consumer<Pool>> poolListeners = new CopyOnWriteArrayList<>();

	/**
	 * A connection opened: tracked until {@link #closed}.
	 */
	public void opened(Object key, Connection connection) {
		this.connections.put(key, connection);
	}

	public void closed(Object key) {
		this.connections.remove(key);
	}

	public void addPools(Supplier<List<Pool>> pools) {
		this.pools.add(pools);
	}

	public void removePools(Supplier<List<Pool>> pools) {
		this.pools.remove(pools);
	}

	/**
	 * The open connections, oldest first.
	 */
	public List<Connection> connections() {
		List<Connection> open = new ArrayList<>(this.connections.values());
		open.sort(Comparator.comparingLong(Connection::openedAt));
		return open;
	}

	public int connectionCount() {
		return this.connections.size();
	}

	/**
	 * asyncio's {@code unclosed transport} at shutdown: logs each connection still busy
	 * with a request (a server's graceful shutdown ran out of time, a client's request
	 * never finished). Idle connections, which their pools and servers close on their
	 * own, are not named.
	 */
	public void logUnclosed(System.Logger logger) {
		long now = System.nanoTime();
		for (Connection connection : connections()) {
			String request = connection.request();
			if (request != null) {
				logger.log(System.Logger.Level.WARNING, "Unclosed connection " + connection.id() + " ("
						+ connection.side() + ", " + connection.local() + " to " + connection.remote() + ") still busy with "
						+ request + " at shutdown, open for " + SecondsText.of(connection.age(now).toNanos())
						+ " seconds, idle for " + SecondsText.of(connection.idle(now).toNanos()) + " seconds");
			}
		}
	}

	/**
	 * The client connection pools, as each source reads them now. A pool read for the
	 * first time is told to the pool listeners.
	 */
	public List<Pool> pools() {
		List<Pool> all = new ArrayList<>();
		for (Supplier<List<Pool>> source : this.pools) {
			try {
				all.addAll(source.get());
			}
			catch (RuntimeException ex) {
				// a pool that cannot be read now is left out
			}
		}
		for (Pool pool : all) {
			if (this.knownPools.putIfAbsent(pool.key(), pool) == null) {
				this.poolListeners.forEach((listener) -> tell(listener, pool));
			}
		}
		return all;
	}

	/**
	 * Tells {@code listener} of each pool read so far and of each pool read for the first
	 * time from now on (pools are read once a second by the watchdog, and when asked for).
	 */
	public void onPool(Consumer<Pool> listener) {
		this.poolListeners.add(listener);
		this.knownPools.values().forEach((pool) -> tell(listener, pool));
	}

	public void removePoolListener(Consumer<Pool> listener) {
		this.poolListeners.remove(listener);
	}

	private static void tell(Consumer<Pool> listener, Pool pool) {
		try {
			listener.accept(pool);
		}
		catch (RuntimeException ex) {
			// a listener's failure is its own: the pools are read all the same
		}
	}

	/**
	 * An open connection, as its integration sees it.
	 */
	public interface Connection {

		/** A short id, for example Netty's channel id. */
		String id();

		/** {@code server} (accepted) or {@code client} (opened by the application). */
		String side();

		String local();

		String remote();

		/** When it opened, in {@link System#nanoTime()} terms. */
		long openedAt();

		/** When bytes last went either way, in {@link System#nanoTime()} terms. */
		long lastActivity();

		/** The request it serves or sends now, or {@code null} when idle. */
		String request();

		/**
		 * Where the application acquired it for its current or last request, innermost
		 * frame first from the application's; empty when not known (outside debug mode,
		 * server side, or acquired by framework code alone).
		 */
		default List<String> acquiredAt() {
			return List.of();
		}

		/**
		 * The server request being served when it was acquired, or {@code null}.
		 */
		default String acquiredWhileServing() {
			return null;
		}

		/**
		 * The trace it was acquired in (see {@link TraceContexts}), or {@code null}.
		 */
		default Object acquiredInTrace() {
			return null;
		}

		default Duration age(long now) {
			return Duration.ofNanos(Math.max(0, now - openedAt()));
		}

		default Duration idle(long now) {
			return Duration.ofNanos(Math.max(0, now - lastActivity()));
		}

	}

	/**
	 * A client connection pool.
	 *
	 * @param name the pool's name, for example {@code http}
	 * @param remote the address its connections go to
	 * @param active connections acquired now
	 * @param idle connections waiting in the pool
	 * @param pending acquires waiting for a connection
	 * @param max the most connections it opens
	 */
	public record Pool(String name, String remote, int active, int idle, int pending, int max) {

		/** What tells one pool from another: its name and where its connections go. */
		public String key() {
			return this.name + " " + this.remote;
		}

	}

}
