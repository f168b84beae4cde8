package dev.asyncloop.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
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
			// Read here rather than injected: a post-processor should not pull beans in early.
			// Only the two values it needs, checked like the rest of asyncloop's properties.
			Binder binder = Binder.get(environment);
			BindHandler checking = new AsyncLoopPropertiesValidator().apply(BindHandler.DEFAULT);
			List<String> configured = binder
				.bind("asyncloop.never-awaited.packages", Bindable.listOf(String.class), checking)
				.orElseGet(List::of);
			boolean repositories = binder
				.bind("asyncloop.never-awaited.repositories", Bindable.of(Boolean.class), checking)
				.orElseGet(() -> new AsyncLoopProperties.NeverAwaited().isRepositories());
			List<String> packages = configured.isEmpty()
					? AsyncLoopEngineFactory.applicationCode(beanFactory).packages() : configured;
			return new NeverAwaitedPostProcessor(SingletonSupplier.of(tracking::getIfAvailable), packages,
					repositories);
		}

	}

}
