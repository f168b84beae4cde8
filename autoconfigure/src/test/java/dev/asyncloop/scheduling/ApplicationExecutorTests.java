package dev.asyncloop.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.NotReadablePropertyException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorKind;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.NamedTask;
import dev.asyncloop.core.SlowCallback;
import dev.asyncloop.core.UnretrievedException;
import dev.asyncloop.core.internal.LiveTask;
import dev.asyncloop.core.internal.TaskState;

import static dev.asyncloop.scheduling.EngineReports.awaitUnretrieved;
import static dev.asyncloop.scheduling.EngineReports.list;
import static dev.asyncloop.scheduling.EngineReports.unretrieved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The application's own {@code Executor}, {@code ExecutorService} and
 * {@code ScheduledExecutorService} beans are watched like Spring's executors, under
 * their bean names, and still inject as what they were declared as.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationExecutorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoopAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("asyncloop.unretrieved-exceptions.grace=200ms", "asyncloop.worker.long-task-duration=100ms");

	@Test
	void failedSubmitWhoseFutureIsDroppedIsReported() {
		this.runner.withUserConfiguration(FixedPoolConfiguration.class).run((context) -> {
			context.getBean("pool", ExecutorService.class).submit(ApplicationExecutorTests::fail);
			UnretrievedException lost = awaitUnretrieved(context.getBean(Engine.class));
			assertThat(lost.executor()).isEqualTo("pool");
			assertThat(lost.task()).isEqualTo("ApplicationExecutorTests.fail");
			assertThat(lost.exception()).isEqualTo("java.lang.IllegalStateException: This is a hidden exception!");
		});
	}

	@Test
	void failureObservedThroughTheFutureIsNotReported() {
		this.runner.withUserConfiguration(FixedPoolConfiguration.class).run((context) -> {
			ExecutorService pool = context.getBean("pool", ExecutorService.class);
			Future<Object> future = pool.submit(ApplicationExecutorTests::fail);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
			// Failures are decided in order: once a later one is reported, the first was decided.
			pool.submit(ApplicationExecutorTests::marker);
			Engine engine = context.getBean(Engine.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> !unretrieved(engine).isEmpty());
			assertThat(unretrieved(engine)).extracting(UnretrievedException::task)
				.containsExactly("ApplicationExecutorTests.marker");
		});
	}

	@Test
	void poolsDeclaredAsTheirClassesStillInjectAndAnswerForTheRealPool() {
		this.runner.withUserConfiguration(ClassTypedPoolsConfiguration.class).run((context) -> {
			ClassTypedPoolsConfiguration pools = context.getBean(ClassTypedPoolsConfiguration.class);
			ThreadPoolExecutor pool = context.getBean(PoolUser.class).pool;
			assertThat(pool).isSameAs(context.getBean("pool")).isNotSameAs(pools.pool);
			assertThat(context.getBean(PoolUser.class).scheduled).isInstanceOf(ScheduledThreadPoolExecutor.class);

			pool.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			assertThat(pool.getPoolSize()).isEqualTo(pools.pool.getPoolSize()).isEqualTo(1);
			assertThat(pool.getCorePoolSize()).isEqualTo(3);
			// The pool counts a task once its thread is done with it, a moment after its future.
			await().atMost(Duration.ofSeconds(5)).until(() -> pool.getCompletedTaskCount() == 1);
			assertThat(pools.pool.getCompletedTaskCount()).isEqualTo(1);
			pool.setCorePoolSize(2);
			assertThat(pools.pool.getCorePoolSize()).isEqualTo(2);

			pool.shutdown();
			assertThat(pools.pool.isShutdown()).isTrue();
			assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
			assertThat(pools.pool.isTerminated()).isTrue();
		});
	}

	@Test
	void countsTasksAndReportsLongOnes() {
		this.runner.withUserConfiguration(FixedPoolConfiguration.class).run((context) -> {
			ExecutorService pool = context.getBean("pool", ExecutorService.class);
			Engine engine = context.getBean(Engine.class);
			CountDownLatch release = new CountDownLatch(1);
			pool.execute(NamedTask.named("longReport", () -> Latches.awaitQuietly(release)));
			SlowCallback longTask = await().atMost(Duration.ofSeconds(5))
				.until(() -> list(engine, FindingKind.SLOW_CALLBACK, SlowCallback.class), (found) -> !found.isEmpty())
				.get(0);
			assertThat(longTask.task()).isEqualTo("longReport");
			assertThat(longTask.executor()).isEqualTo("pool");
			assertThat(longTask.threshold()).hasMillis(100);
			release.countDown();

			pool.execute(() -> {
				throw new IllegalStateException("failed in execute");
			});
			pool.invokeAll(List.of(() -> "a", () -> "b"));
			// The failure in execute is the pool thread's uncaught exception, as it would be unwatched.
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(5))
				.until(() -> snapshot(engine, "pool").finished() == 4);
			assertThat(snapshot(engine, "pool").failed()).isEqualTo(1);
			assertThat(snapshot(engine, "pool").kind()).isEqualTo(ExecutorKind.BLOCKING);
		});
	}

	@Test
	void runningAndQueuedTasksAreListed() {
		this.runner.withUserConfiguration(OneThreadPoolConfiguration.class).run((context) -> {
			ExecutorService pool = context.getBean("pool", ExecutorService.class);
			Engine engine = context.getBean(Engine.class);
			CountDownLatch started = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			try {
				pool.execute(NamedTask.named("running", () -> {
					started.countDown();
					Latches.awaitQuietly(release);
				}));
				pool.submit(NamedTask.named("waiting", () -> {
				}));
				assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
				List<LiveTask> tasks = await().atMost(Duration.ofSeconds(5))
					.until(() -> engine.liveTasks(true), (live) -> live.stream()
						.anyMatch((task) -> task.stack() != null && task.stack().stream()
							.anyMatch((frame) -> frame.startsWith("java.util.concurrent.CountDownLatch.await("))));
				assertThat(tasks).filteredOn((task) -> task.executor().equals("pool"))
					.extracting(LiveTask::name, LiveTask::state)
					.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("running", TaskState.RUNNING),
							org.assertj.core.groups.Tuple.tuple("waiting", TaskState.QUEUED));
				LiveTask running = tasks.stream().filter((task) -> task.name().equals("running")).findFirst().get();
				assertThat(running.thread()).startsWith("pool-");
				assertThat(snapshot(engine, "pool").queued()).isEqualTo(1);
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void tasksStillPendingWhenTheContextClosesAreReported(CapturedOutput output) {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		try {
			this.runner.withUserConfiguration(OneThreadPoolConfiguration.class).run((context) -> {
				ExecutorService pool = context.getBean("pool", ExecutorService.class);
				pool.execute(NamedTask.named("stuckInPool", () -> {
					started.countDown();
					Latches.awaitQuietly(never);
				}));
				pool.execute(NamedTask.named("queuedInPool", () -> {
				}));
				assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			});
			assertThat(output.getOut()).contains("Task was destroyed but it is pending!")
				.contains("task: stuckInPool (running on pool)")
				.contains("task: queuedInPool (queued on pool)");
		}
		finally {
			never.countDown();
		}
	}

	@Test
	void shutdownNowReportsWhatItDropsAndReturnsTheTasksGiven(CapturedOutput output) {
		this.runner.withUserConfiguration(OneThreadPoolConfiguration.class).run((context) -> {
			ExecutorService pool = context.getBean("pool", ExecutorService.class);
			CountDownLatch started = new CountDownLatch(1);
			pool.execute(() -> {
				started.countDown();
				Latches.awaitQuietly(new CountDownLatch(1)); // until interrupted
			});
			Runnable dropped = NamedTask.named("dropped", () -> {
			});
			pool.execute(dropped);
			Future<?> droppedFuture = pool.submit(() -> {
			});
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(pool.shutdownNow()).containsExactly(dropped, (Runnable) droppedFuture);
			assertThat(output.getOut()).contains("task: dropped (queued on pool)")
				.contains("(running on pool)");
		});
	}

	@Test
	void removeFindsATaskGivenToExecute() {
		this.runner.withUserConfiguration(ClassTypedPoolsConfiguration.class).run((context) -> {
			ThreadPoolExecutor pool = context.getBean("pool", ThreadPoolExecutor.class);
			pool.setCorePoolSize(1);
			pool.setMaximumPoolSize(1);
			CountDownLatch release = new CountDownLatch(1);
			try {
				pool.execute(() -> Latches.awaitQuietly(release));
				Runnable queued = () -> {
				};
				pool.execute(queued);
				assertThat(pool.remove(queued)).isTrue();
				assertThat(pool.getQueue()).isEmpty();
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void scheduledPoolsTrackEachRun() {
		this.runner.withUserConfiguration(ClassTypedPoolsConfiguration.class).run((context) -> {
			ScheduledThreadPoolExecutor scheduler = context.getBean("scheduler", ScheduledThreadPoolExecutor.class);
			Engine engine = context.getBean(Engine.class);
			CountDownLatch threeRuns = new CountDownLatch(3);
			ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(threeRuns::countDown, 0, 10,
					TimeUnit.MILLISECONDS);
			assertThat(threeRuns.await(5, TimeUnit.SECONDS)).isTrue();
			periodic.cancel(false);
			assertThat(scheduler.schedule(() -> "later", 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS))
				.isEqualTo("later");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> snapshot(engine, "scheduler").completed() >= 4);
		});
	}

	@Test
	void aScheduledRunIsLateOnlyByWhatItWaitedPastItsTime() {
		this.runner.withUserConfiguration(ClassTypedPoolsConfiguration.class).run((context) -> {
			ScheduledThreadPoolExecutor scheduler = context.getBean("scheduler", ScheduledThreadPoolExecutor.class);
			Engine engine = context.getBean(Engine.class);
			assertThat(scheduler.schedule(() -> "later", 500, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS))
				.isEqualTo("later");
			await().atMost(Duration.ofSeconds(5)).until(() -> snapshot(engine, "scheduler").completed() == 1);
			// Not the half second it was scheduled to wait.
			assertThat(snapshot(engine, "scheduler").queueDelay().toNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(400));
		});
	}

	@Test
	void scheduledMethodsRunOnTheApplicationsScheduledPoolWatched() {
		this.runner.withUserConfiguration(ScheduledJobConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(DebugEventLoop.class);
			ScheduledJob job = context.getBean(ScheduledJob.class);
			assertThat(job.ticks.await(5, TimeUnit.SECONDS)).isTrue();
			Engine engine = context.getBean(Engine.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> snapshot(engine, "jobs").completed() >= 2);
			assertThat(job.taskName).isEqualTo("ApplicationExecutorTests$ScheduledJob.tick");
		});
	}

	@Test
	void jdkExecutorsNobodyMaySubclassKeepTheirInterfaces() {
		this.runner.withUserConfiguration(InterfaceTypedConfiguration.class).run((context) -> {
			ExecutorService single = context.getBean("single", ExecutorService.class);
			ScheduledExecutorService scheduled = context.getBean("singleScheduled", ScheduledExecutorService.class);
			assertThat(single.submit(() -> "done").get(5, TimeUnit.SECONDS)).isEqualTo("done");
			assertThat(scheduled.schedule(() -> "done", 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS))
				.isEqualTo("done");
			Engine engine = context.getBean(Engine.class);
			assertThat(snapshot(engine, "single").completed()).isEqualTo(1);
			assertThat(snapshot(engine, "singleScheduled").completed()).isEqualTo(1);
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadExecutorIsWatchedAndStaysAutoCloseable() {
		this.runner.withUserConfiguration(VirtualThreadsConfiguration.class).run((context) -> {
			ExecutorService virtual = context.getBean("virtual", ExecutorService.class);
			assertThat(virtual).isInstanceOf(AutoCloseable.class);
			virtual.submit(ApplicationExecutorTests::fail);
			assertThat(awaitUnretrieved(context.getBean(Engine.class)).executor()).isEqualTo("virtual");
		});
	}

	@Test
	void aBeanExposedTwiceIsWatchedOnce(CapturedOutput output) {
		this.runner.withUserConfiguration(FixedPoolConfiguration.class, AliasConfiguration.class).run((context) -> {
			assertThat(context.getBean("alias")).isSameAs(context.getBean("pool"));
			assertThat(context.getBean(Engine.class).executors()).extracting(ExecutorSnapshot::name)
				.contains("pool")
				.doesNotContain("alias");
			assertThat(output).doesNotContain("could not instrument");
		});
	}

	@Test
	void aBeanThatCannotBeWatchedRunsUnmonitoredWithOneWarning(CapturedOutput output) {
		this.runner.withUserConfiguration(OwnPoolClassConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			OwnPool pool = context.getBean(OwnPool.class);
			assertThat(pool).isExactlyInstanceOf(OwnPool.class);
			assertThat(pool.submit(() -> "still works").get(5, TimeUnit.SECONDS)).isEqualTo("still works");
			assertThat(output).containsOnlyOnce("asyncloop could not instrument executor 'ownPool'");
		});
	}

	@Test
	void aPoolWhoseQueueOrdersItsOwnTasksIsLeftAlone(CapturedOutput output) {
		this.runner.withUserConfiguration(PrioritizedPoolConfiguration.class).run((context) -> {
			ExecutorService pool = context.getBean("prioritized", ExecutorService.class);
			assertThat(pool).isExactlyInstanceOf(ThreadPoolExecutor.class);
			CountDownLatch ran = new CountDownLatch(1);
			pool.execute(new PrioritizedTask(ran::countDown));
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(output).contains("asyncloop could not instrument executor 'prioritized'")
				.contains("orders tasks by their own type");
		});
	}

	@Test
	void excludedExecutorsStayTheApplicationsOwnInstancesAndOthersAreWatched() {
		this.runner.withUserConfiguration(ThreeExecutorsConfiguration.class)
			.withPropertyValues("asyncloop.executors.exclude=pool,springPool")
			.run((context) -> {
				ThreeExecutorsConfiguration executors = context.getBean(ThreeExecutorsConfiguration.class);
				assertThat(context.getBean("pool")).isSameAs(executors.pool);
				assertThat(context.getBean("springPool")).isSameAs(executors.springPool);
				assertThat(ExecutorProxy.isProxy(context.getBean("other"))).isTrue();
				assertThat(names(context.getBean(Engine.class))).contains("other")
					.doesNotContain("pool", "springPool");
				Engine engine = context.getBean(Engine.class);
				executors.springPool.execute(NamedTask.named("unseen", () -> {
				}));
				context.getBean("other", ExecutorService.class).submit(() -> "seen").get(5, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(5)).until(() -> snapshot(engine, "other").finished() == 1);
				assertThat(names(engine)).doesNotContain("springPool");
			});
	}

	@Test
	void instrumentFalseLeavesEveryApplicationExecutorAlone() {
		this.runner.withUserConfiguration(ThreeExecutorsConfiguration.class)
			.withPropertyValues("asyncloop.executors.instrument=false")
			.run((context) -> {
				ThreeExecutorsConfiguration executors = context.getBean(ThreeExecutorsConfiguration.class);
				assertThat(context.getBean("pool")).isSameAs(executors.pool);
				assertThat(context.getBean("other")).isSameAs(executors.other);
				assertThat(context.getBean("springPool")).isSameAs(executors.springPool);
				assertThat(names(context.getBean(Engine.class))).doesNotContain("pool", "other", "springPool");
			});
	}

	@Test
	void springExecutorWhoseTaskDecoratorCannotBeReadRunsAsItIsWithOneWarning(CapturedOutput output) {
		this.runner.run((context) -> {
			Engine engine = context.getBean(Engine.class);
			// As in a Spring whose executors keep their task decorator elsewhere.
			ExecutorInstrumentingPostProcessor postProcessor = new ExecutorInstrumentingPostProcessor(() -> engine,
					() -> Duration.ofSeconds(10), (beanName) -> true, (executor) -> {
						throw new NotReadablePropertyException(executor.getClass(), "taskDecorator");
					});
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			assertThat(postProcessor.postProcessBeforeInitialization(executor, "undecorated")).isSameAs(executor);
			executor.initialize();
			try {
				assertThat(postProcessor.postProcessAfterInitialization(executor, "undecorated")).isSameAs(executor);
				assertThat(executor.submit(() -> "ran").get(5, TimeUnit.SECONDS)).isEqualTo("ran");
				assertThat(names(engine)).doesNotContain("undecorated");
				assertThat(InternalAccessTests.lines(output,
						"asyncloop could not instrument executor 'undecorated'; it runs unmonitored")).isOne();
				assertThat(output).contains("cannot be read to be kept");
			}
			finally {
				executor.shutdown();
			}
		});
	}

	private static List<String> names(Engine engine) {
		return engine.executors().stream().map(ExecutorSnapshot::name).toList();
	}

	private static Object fail() {
		throw new IllegalStateException("This is a hidden exception!");
	}

	private static Object marker() {
		throw new IllegalStateException("marker");
	}

	private static ExecutorSnapshot snapshot(Engine engine, String name) {
		return engine.executors().stream().filter((executor) -> executor.name().equals(name)).findFirst().orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class FixedPoolConfiguration {

		@Bean
		ExecutorService pool() {
			return Executors.newFixedThreadPool(2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThreeExecutorsConfiguration {

		ExecutorService pool;

		ExecutorService other;

		ThreadPoolTaskExecutor springPool;

		@Bean
		ExecutorService pool() {
			this.pool = Executors.newFixedThreadPool(1);
			return this.pool;
		}

		@Bean
		ExecutorService other() {
			this.other = Executors.newFixedThreadPool(1);
			return this.other;
		}

		@Bean
		ThreadPoolTaskExecutor springPool() {
			this.springPool = new ThreadPoolTaskExecutor();
			return this.springPool;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OneThreadPoolConfiguration {

		@Bean
		ExecutorService pool() {
			return Executors.newFixedThreadPool(1);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AliasConfiguration {

		@Bean
		Executor alias(ExecutorService pool) {
			return pool;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClassTypedPoolsConfiguration {

		ThreadPoolExecutor pool;

		@Bean
		ThreadPoolExecutor pool() {
			this.pool = new ThreadPoolExecutor(3, 3, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
			return this.pool;
		}

		@Bean
		ScheduledThreadPoolExecutor scheduler() {
			return new ScheduledThreadPoolExecutor(1);
		}

		@Bean
		PoolUser poolUser(ThreadPoolExecutor pool, ScheduledThreadPoolExecutor scheduler) {
			return new PoolUser(pool, scheduler);
		}

	}

	static class PoolUser {

		final ThreadPoolExecutor pool;

		final ScheduledThreadPoolExecutor scheduled;

		PoolUser(ThreadPoolExecutor pool, ScheduledThreadPoolExecutor scheduled) {
			this.pool = pool;
			this.scheduled = scheduled;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InterfaceTypedConfiguration {

		@Bean
		ExecutorService single() {
			return Executors.newSingleThreadExecutor();
		}

		@Bean
		ScheduledExecutorService singleScheduled() {
			return Executors.newSingleThreadScheduledExecutor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class ScheduledJobConfiguration {

		@Bean
		ScheduledExecutorService jobs() {
			return Executors.newScheduledThreadPool(1);
		}

		@Bean
		ScheduledJob scheduledJob(ObjectProvider<Engine> engine) {
			return new ScheduledJob(engine);
		}

	}

	static class ScheduledJob {

		final CountDownLatch ticks = new CountDownLatch(2);

		private final ObjectProvider<Engine> engine;

		volatile String taskName;

		ScheduledJob(ObjectProvider<Engine> engine) {
			this.engine = engine;
		}

		@Scheduled(fixedRate = 10)
		void tick() {
			this.taskName = this.engine.getObject().tracking().threads().currentTask().name();
			this.ticks.countDown();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualThreadsConfiguration {

		/** Executors.newVirtualThreadPerTaskExecutor() from Java 21 on; this code compiles for Java 17. */
		@Bean
		ExecutorService virtual() throws ReflectiveOperationException {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrioritizedPoolConfiguration {

		@Bean
		ExecutorService prioritized() {
			return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new PriorityBlockingQueue<>());
		}

	}

	record PrioritizedTask(Runnable work) implements Runnable, Comparable<PrioritizedTask> {

		@Override
		public void run() {
			this.work.run();
		}

		@Override
		public int compareTo(PrioritizedTask other) {
			return 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPoolClassConfiguration {

		@Bean
		OwnPool ownPool() {
			return new OwnPool();
		}

	}

	/**
	 * A pool of the application's own class, declared as that class: no proxy can be one.
	 */
	static class OwnPool extends ThreadPoolExecutor {

		OwnPool() {
			super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		}

	}

}
