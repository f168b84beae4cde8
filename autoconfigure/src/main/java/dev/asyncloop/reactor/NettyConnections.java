package dev.asyncloop.reactor;

import java.util.List;
import java.util.function.BooleanSupplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import reactor.core.publisher.Mono;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.core.internal.TraceContexts;
import dev.asyncloop.core.internal.Transports;

/**
 * Reactor Netty's connections, server and client side, as live transports: each is
 * tracked from the moment its channel is set up until it closes, with when bytes last
 * went either way and the request it serves or sends. Per read or write: one clock
 * read on the connection's event loop. In debug mode a client connection also notes,
 * each time it is acquired for a request, the stack of the code that subscribed to
 * the request and the server request being served then: who holds it.
 */
public final class NettyConnections {

	private static final String HANDLER = "asyncloop.activity";

	private final Transports transports;

	private final BooleanSupplier debug;

	private final ApplicationCode applicationCode;

	private final TraceContexts traces;

	public NettyConnections(Transports transports) {
		this(transports, () -> false, ApplicationCode.unknown(), TraceContexts.none());
	}

	/**
	 * @param debug whether acquisitions are noted now
	 * @param applicationCode whose frames say where the application acquired a connection
	 * @param traces the trace a connection is acquired in
	 */
	public NettyConnections(Transports transports, BooleanSupplier debug, ApplicationCode applicationCode,
			TraceContexts traces) {
		this.transports = transports;
		this.debug = debug;
		this.applicationCode = applicationCode;
		this.traces = traces;
	}

	/**
	 * {@code server}, its accepted connections tracked.
	 */
	public HttpServer tracking(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> opened(channel, "server"));
	}

	/**
	 * {@code client}, the connections it opens tracked.
	 */
	public HttpClient tracking(HttpClient client) {
		return client.doOnChannelInit((observer, channel, address) -> opened(channel, "client"))
			.mapConnect((connect) -> Mono.defer(() -> {
				// Subscribing to a request: the code doing so is on the stack now, not later.
				if (!this.debug.getAsBoolean()) {
					return connect;
				}
				Acquisition acquisition = new Acquisition(new Throwable(), LeakReports.servedNow(),
						this.traces.current());
				return connect.doOnNext((connection) -> acquired(connection.channel(), acquisition));
			}));
	}

	private void acquired(Channel channel, Acquisition acquisition) {
		if (channel.pipeline().get(HANDLER) instanceof Tracked tracked) {
			tracked.acquisition = acquisition;
		}
	}

	private void opened(Channel channel, String side) {
		if (channel.pipeline().get(HANDLER) != null) {
			return;
		}
		Tracked tracked = new Tracked(channel, side, this.applicationCode);
		channel.pipeline().addFirst(HANDLER, tracked);
		this.transports.opened(channel, tracked);
		channel.closeFuture().addListener((closed) -> this.transports.closed(channel));
	}

	/**
	 * One connection: the first handler of its pipeline, noting when bytes pass.
	 */
	private static final class Tracked extends ChannelDuplexHandler implements Transports.Connection {

		private final Channel channel;

		private final String side;

		private final ApplicationCode applicationCode;

		private final long openedAt = System.nanoTime();

		private volatile long lastActivity = this.openedAt;

		/** The last time it was acquired in debug mode, or {@code null}. */
		private volatile Acquisition acquisition;

		Tracked(Channel channel, String side, ApplicationCode applicationCode) {
			this.channel = channel;
			this.side = side;
			this.applicationCode = applicationCode;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			this.lastActivity = System.nanoTime();
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			this.lastActivity = System.nanoTime();
			ctx.write(msg, promise);
		}

		@Override
		public String id() {
			return this.channel.id().asShortText();
		}

		@Override
		public String side() {
			return this.side;
		}

		@Override
		public String local() {
			return String.valueOf(this.channel.localAddress());
		}

		@Override
		public String remote() {
			return String.valueOf(this.channel.remoteAddress());
		}

		@Override
		public long openedAt() {
			return this.openedAt;
		}

		@Override
		public long lastActivity() {
			return this.lastActivity;
		}

		@Override
		public String request() {
			ChannelOperations<?, ?> operations = ChannelOperations.get(this.channel);
			if (operations instanceof HttpServerRequest request) {
				return request.method().name() + " " + request.uri();
			}
			if (operations instanceof HttpClientRequest request) {
				return request.method().name() + " " + request.resourceUrl();
			}
			return null;
		}

		@Override
		public List<String> acquiredAt() {
			Acquisition acquisition = this.acquisition;
			if (acquisition == null) {
				return List.of();
			}
			List<String> frames = this.applicationCode.creationFrames(acquisition.stack());
			// Only the application's frames say who holds it; the framework's subscribing say nothing.
			return frames.stream().anyMatch(this.applicationCode::isApplication) ? frames : List.of();
		}

		@Override
		public String acquiredWhileServing() {
			Acquisition acquisition = this.acquisition;
			return (acquisition != null) ? acquisition.serving() : null;
		}

		@Override
		public Object acquiredInTrace() {
			Acquisition acquisition = this.acquisition;
			return (acquisition != null) ? acquisition.trace() : null;
		}

	}

	/**
	 * A client connection acquired for a request: the stack that subscribed to it and
	 * the server request being served then, if any.
	 */
	private record Acquisition(Throwable stack, String serving, Object trace) {
	}

}
