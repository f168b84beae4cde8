package dev.asyncloop.reactor;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

import dev.asyncloop.core.internal.Transports;

/**
 * Reactor Netty's connections, server and client side, as live transports: each is
 * tracked from the moment its channel is set up until it closes, with when bytes last
 * went either way and the request it serves or sends. Per read or write: one clock
 * read on the connection's event loop.
 */
public final class NettyConnections {

	private static final String HANDLER = "asyncloop.activity";

	private final Transports transports;

	public NettyConnections(Transports transports) {
		this.transports = transports;
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
		return client.doOnChannelInit((observer, channel, address) -> opened(channel, "client"));
	}

	private void opened(Channel channel, String side) {
		if (channel.pipeline().get(HANDLER) != null) {
			return;
		}
		Tracked tracked = new Tracked(channel, side);
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

		private final long openedAt = System.nanoTime();

		private volatile long lastActivity = this.openedAt;

		Tracked(Channel channel, String side) {
			this.channel = channel;
			this.side = side;
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

	}

}
