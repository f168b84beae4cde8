package dev.asyncloop.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.asyncloop.actuate.AsyncLoopMetrics;
import dev.asyncloop.core.internal.Engine;

/**
 * asyncloop's figures in Micrometer: task duration and delay per executor, active and
 * queued tasks, findings by kind, the lag of probed event loops.
 */
@AutoConfiguration(after = AsyncLoopAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({ Engine.class, MeterRegistry.class })
public final class AsyncLoopMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncLoopMetrics asyncLoopMetrics(Engine engine) {
		return new AsyncLoopMetrics(engine);
	}

}
