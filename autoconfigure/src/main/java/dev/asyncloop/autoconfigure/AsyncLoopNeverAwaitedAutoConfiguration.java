package dev.asyncloop.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.ApplicationCode;
import dev.asyncloop.reactor.AssemblyTracking;
import dev.asyncloop.reactor.NeverAwaitedPostProcessor;

/**
 * Never-awaited publishers, asyncio's {@code coroutine was never awaited}: while debug
 * mode is on, every {@code Mono} and {@code Flux} the application assembles is watched
 * until it is subscribed or composed. With debug mode on at startup, the methods of
 * application beans returning one are proxied too, so that what they return is
 * reported as returned by them.
 */
@AutoConfiguration(after = AsyncLoopAutoConfiguration.class)
@ConditionalOnClass(name = "reactor.core.publisher.Hooks")
@ConditionalOnBooleanProperty(name = "asyncloop.never-awaited.enabled", matchIfMissing = true)
@ConditionalOnBean(Engine.class)
public final class AsyncLoopNeverAwaitedAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AssemblyTracking asyncLoopAssemblyTracking(Engine engine, AsyncLoopProperties properties) {
		List<String> packages = properties.getNeverAwaited().getPackages();
		ApplicationCode code = packages.isEmpty() ? engine.applicationCode()
				: ApplicationCode.inPackages(packages);
		return AssemblyTracking.install(engine, code);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("asyncloop.debug")
	static class ReturnedPublishersConfiguration {

		@Bean
		static NeverAwaitedPostProcessor asyncLoopNeverAwaitedPostProcessor(ObjectProvider<AssemblyTracking> tracking,
				Environment environment, BeanFactory beanFactory) {
			// Bound here rather than injected: a post-processor should not pull beans in early.
			AsyncLoopProperties.NeverAwaited settings = Binder.get(environment)
				.bind("asyncloop.never-awaited", AsyncLoopProperties.NeverAwaited.class)
				.orElseGet(AsyncLoopProperties.NeverAwaited::new);
			List<String> packages = settings.getPackages().isEmpty()
					? AsyncLoopEngineFactory.applicationCode(beanFactory).packages() : settings.getPackages();
			return new NeverAwaitedPostProcessor(SingletonSupplier.of(tracking::getIfAvailable), packages,
					settings.isRepositories());
		}

	}

}
