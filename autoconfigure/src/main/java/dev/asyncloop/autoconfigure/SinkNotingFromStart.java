package dev.asyncloop.autoconfigure;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.asyncloop.reactor.ThreadSafetyWatch;

/**
 * In debug mode, starts noting Reactor sinks as they are made before any bean is
 * created, so that a sink a bean makes in its constructor is reported with where it
 * was made; lets go when the context closes. Runs as a bean factory post-processor
 * because those run before the application's beans exist.
 */
final class SinkNotingFromStart implements BeanFactoryPostProcessor, DisposableBean {

	private final boolean debug;

	private AutoCloseable noting;

	SinkNotingFromStart(boolean debug) {
		this.debug = debug;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.debug && this.noting == null) {
			try {
				this.noting = ThreadSafetyWatch.noteSinksFromNowOn();
			}
			catch (IllegalStateException | LinkageError ex) {
				// The watch says why when it starts; sinks are then not noted.
			}
		}
	}

	@Override
	public void destroy() throws Exception {
		AutoCloseable noting = this.noting;
		this.noting = null;
		if (noting != null) {
			noting.close();
		}
	}

}
