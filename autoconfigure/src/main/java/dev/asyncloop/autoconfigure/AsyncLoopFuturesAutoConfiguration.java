package dev.asyncloop.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.futures.FutureWatch;

/**
 * Every future of the application watched for exceptions nobody retrieves, in debug
 * mode: the JDK's {@code CompletableFuture} and {@code FutureTask}, instrumented at
 * runtime through Byte Buddy, which the starter brings.
 */
@AutoConfiguration(after = AsyncLoopAutoConfiguration.class)
@ConditionalOnClass(name = { "net.bytebuddy.agent.ByteBuddyAgent", "net.bytebuddy.asm.Advice" })
@ConditionalOnBean(Engine.class)
@ConditionalOnBooleanProperty(name = "asyncloop.unretrieved-exceptions.all-futures", matchIfMissing = true)
public final class AsyncLoopFuturesAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	FutureWatch asyncLoopFutureWatch(Engine engine) {
		return FutureWatch.start(engine);
	}

	/**
	 * Waits, before anything else starts, for the futures' instrumentation begun beside
	 * the rest of the context.
	 */
	@Bean
	SmartLifecycle asyncLoopFutureWatchStarted(FutureWatch watch) {
		return new StartedFirst(() -> watch.awaitStarted(Duration.ofSeconds(10)));
	}

}
