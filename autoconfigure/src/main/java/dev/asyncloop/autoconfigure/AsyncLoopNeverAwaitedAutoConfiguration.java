package dev.asyncloop.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.asyncloop.core.AsyncLoopEngine;
import dev.asyncloop.reactor.NeverAwaitedPostProcessor;

/**
 * Never-awaited publishers, asyncio's {@code coroutine was never awaited}: in debug
 * mode, the publishers that application beans return are watched until subscribed.
 * Without debug mode at startup, no bean is proxied.
 */
@AutoConfiguration(after = AsyncLoopAutoConfiguration.class)
@ConditionalOnClass(name = "reactor.core.publisher.Mono")
@ConditionalOnBooleanProperty("asyncloop.debug")
@ConditionalOnBooleanProperty(name = "asyncloop.never-awaited.enabled", matchIfMissing = true)
@ConditionalOnBean(AsyncLoopEngine.class)
public final class AsyncLoopNeverAwaitedAutoConfiguration {

	@Bean
	static NeverAwaitedPostProcessor asyncLoopNeverAwaitedPostProcessor(ObjectProvider<AsyncLoopEngine> engine,
			Environment environment, BeanFactory beanFactory) {
		// Bound here rather than injected: a post-processor should not pull beans in early.
		AsyncLoopProperties.NeverAwaited settings = Binder.get(environment)
			.bind("asyncloop.never-awaited", AsyncLoopProperties.NeverAwaited.class)
			.orElseGet(AsyncLoopProperties.NeverAwaited::new);
		List<String> packages = settings.getPackages().isEmpty()
				? AsyncLoopEngineFactory.applicationCode(beanFactory).packages() : settings.getPackages();
		return new NeverAwaitedPostProcessor(engine::getObject, packages, settings.isRepositories());
	}

}
