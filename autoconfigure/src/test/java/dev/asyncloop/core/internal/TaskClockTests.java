package dev.asyncloop.core.internal;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock tasks read instead of the system's: the watchdog's last tick, and where a
 * run that read it most likely began.
 */
class TaskClockTests {

	private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);

	private final TaskClock clock = new TaskClock();

	@Test
	void withoutAWatchdogTasksReadTheSystemClock() {
		long before = System.nanoTime();
		long read = this.clock.now();
		assertThat(read).isBetween(before, System.nanoTime());
	}

	@Test
	void aTickIsWhatTasksReadUntilTheNextOneAndTheSystemClockOnceTheWatchdogStops() {
		long tick = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
		this.clock.tick(tick);
		assertThat(this.clock.now()).isEqualTo(tick);
		this.clock.tick(tick + TICK);
		assertThat(this.clock.now()).isEqualTo(tick + TICK);
		this.clock.stop();
		assertThat(this.clock.now()).isGreaterThan(tick + TICK);
	}

	@Test
	void aRunThatReadATickBeganHalfwayToTheNext() {
		long tick = 1_000_000_000L;
		this.clock.tick(tick);
		this.clock.tick(tick + TICK);
		assertThat(this.clock.startOf(tick, tick + 20 * TICK, TICK)).isEqualTo(tick + TICK / 2);
	}

	@Test
	void aRunThatReadTheLastTickBeganHalfwayToNow() {
		long tick = 1_000_000_000L;
		this.clock.tick(tick);
		assertThat(this.clock.startOf(tick, tick + TICK, TICK)).isEqualTo(tick + TICK / 2);
	}

	@Test
	void aRunThatReadATickFollowedLateIsCountedFromTheNextOneSoThatItIsNotOverstated() {
		long tick = 1_000_000_000L;
		long late = tick + 15 * TICK; // the watchdog was held up
		this.clock.tick(tick);
		this.clock.tick(late);
		assertThat(this.clock.startOf(tick, late + 20 * TICK, TICK)).isEqualTo(late);
	}

	@Test
	void aTimeThatIsNoTickWasReadFromTheSystemClockAndIsExact() {
		long tick = 1_000_000_000L;
		this.clock.tick(tick);
		this.clock.tick(tick + TICK);
		assertThat(this.clock.startOf(tick + 3, tick + 20 * TICK, TICK)).isEqualTo(tick + 3);
	}

	@Test
	void ticksAreFoundAfterTheRememberedOnesWrapAround() {
		long first = 1_000_000_000L;
		for (int i = 0; i < 3000; i++) {
			this.clock.tick(first + i * TICK);
		}
		long recent = first + 2500 * TICK;
		assertThat(this.clock.startOf(recent, first + 3000 * TICK, TICK)).isEqualTo(recent + TICK / 2);
		long forgotten = first + 10 * TICK;
		assertThat(this.clock.startOf(forgotten, first + 3000 * TICK, TICK)).isEqualTo(forgotten);
	}

}
