package dev.asyncloop.reactor;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import reactor.netty.resources.LoopResources;

import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.internal.EventLoopProbes;
import dev.asyncloop.core.internal.ExecutorMonitor;
import dev.asyncloop.core.internal.QueueView;

/**
 * Reactor Netty's server event loops, probed for lag and stalls as executor
 * {@code netty}. Loaded only when Reactor Netty is present.
 */
public final class NettyEventLoops {

	private NettyEventLoops() {
	}

	/**
	 * Probes every event loop that {@code resources} serves a server on.
	 * @return how many loops are probed
	 */
	public static int probe(LoopResources resources, ReactorBridge bridge) {
		EventLoopGroup group = resources.onServer(LoopResources.DEFAULT_NATIVE);
		ExecutorMonitor netty = bridge.threads().executor(ReactorThreads.NETTY, ExecutorKind.NON_BLOCKING);
		EventLoopProbes probes = bridge.probes();
		int count = 0;
		for (EventExecutor loop : group) {
			probes.watch(netty, loop, () -> !loop.isShuttingDown());
			count++;
		}
		int loops = count;
		netty.setQueueView(new QueueView() {
			@Override
			public int threads() {
				return loops; // one thread per event loop
			}
		});
		return loops;
	}

}
