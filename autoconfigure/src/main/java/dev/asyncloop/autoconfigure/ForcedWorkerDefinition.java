package dev.asyncloop.autoconfigure;

import java.util.Arrays;

import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.thread.Threading;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The worker as {@code applicationTaskExecutor} in Spring Boot's {@code force} mode
 * ({@code spring.task.execution.mode=force}), where Spring Boot defines its executor
 * even beside the application's own. asyncloop cannot define the bean too: two
 * definitions of one name clash and startup fails. So once every configuration class
 * has registered its beans, the worker's definition takes the place of Spring Boot's
 * (or is added, if Spring Boot's task auto-configuration is excluded). A bean of that
 * name the application defines itself stays.
 */
final class ForcedWorkerDefinition implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private static final String BEAN_NAME = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;

	private final Class<?> factoryClass;

	private final String platformMethod;

	private final String virtualMethod;

	private Environment environment;

	/**
	 * @param factoryClass the configuration class whose methods build the worker
	 * @param platformMethod its method building the worker on platform threads
	 * @param virtualMethod its method building the worker on virtual threads
	 */
	ForcedWorkerDefinition(Class<?> factoryClass, String platformMethod, String virtualMethod) {
		this.factoryClass = factoryClass;
		this.platformMethod = platformMethod;
		this.virtualMethod = virtualMethod;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		String factoryBean = Arrays.stream(registry.getBeanDefinitionNames())
			.filter((name) -> this.factoryClass.getName().equals(registry.getBeanDefinition(name).getBeanClassName()))
			.findFirst()
			.orElse(null);
		if (factoryBean == null) {
			return;
		}
		RootBeanDefinition worker = new RootBeanDefinition();
		worker.setFactoryBeanName(factoryBean);
		worker.setFactoryMethodName(
				Threading.VIRTUAL.isActive(this.environment) ? this.virtualMethod : this.platformMethod);
		// As for an @Bean method: its parameters are autowired.
		worker.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
		if (registry.containsBeanDefinition(BEAN_NAME)) {
			BeanDefinition existing = registry.getBeanDefinition(BEAN_NAME);
			if (!isSpringBoots(registry, existing)) {
				return;
			}
			registry.removeBeanDefinition(BEAN_NAME);
		}
		registry.registerBeanDefinition(BEAN_NAME, worker);
	}

	/**
	 * Whether a definition comes from Spring Boot's task auto-configuration.
	 */
	private static boolean isSpringBoots(BeanDefinitionRegistry registry, BeanDefinition definition) {
		String factoryBean = definition.getFactoryBeanName();
		if (factoryBean == null || !registry.containsBeanDefinition(factoryBean)) {
			return false;
		}
		String factoryClass = registry.getBeanDefinition(factoryBean).getBeanClassName();
		return factoryClass != null
				&& factoryClass.startsWith(TaskExecutionAutoConfiguration.class.getPackageName() + ".");
	}

}
