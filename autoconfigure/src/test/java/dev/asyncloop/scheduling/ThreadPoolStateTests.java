package dev.asyncloop.scheduling;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the summary says of a pool: the threads it has now, not its configured size,
 * and a scheduler's tasks due later apart from those waiting for a thread.
 */
class ThreadPoolStateTests {

	@Test
	void threadsAreThoseThePoolHasNow() throws Exception {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
		try {
			ThreadPoolState state = new ThreadPoolState(pool, true);
			assertThat(state.threads()).isZero();
			pool.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			assertThat(state.threads()).isOne();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void tasksScheduledForLaterAreNotQueued() {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
		try {
			for (int i = 0; i < 3; i++) {
				scheduler.schedule(() -> {
				}, 1, TimeUnit.HOURS);
			}
			ThreadPoolState state = new ThreadPoolState(scheduler, true);
			assertThat(state.queued()).isEqualTo(3);
			assertThat(state.scheduled()).isEqualTo(3);
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	@Test
	void dueAndLaterTasksAreToldApart() throws Exception {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
		try {
			java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
			scheduler.execute(() -> {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			scheduler.execute(() -> {
			});
			scheduler.schedule(() -> {
			}, 1, TimeUnit.HOURS);
			ThreadPoolState state = new ThreadPoolState(scheduler, true);
			org.awaitility.Awaitility.await().until(() -> state.queued() == 2);
			assertThat(state.scheduled()).isOne();
			release.countDown();
		}
		finally {
			scheduler.shutdownNow();
		}
	}

}
