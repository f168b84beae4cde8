package dev.asyncloop.reactor;

import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.ResourceLeak;
import dev.asyncloop.core.internal.EngineOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leaked buffers: a buffer dropped without release is reported once collected, with
 * where it was allocated, without waiting for Netty's next allocation; a released one
 * is not. Every buffer is tracked here (Netty's paranoid level), so that one leak is
 * enough.
 */
class BufferLeaksTests {

	private final Engine engine = new Engine(EngineOptions.defaults().withDebug(true));

	private BufferLeaks leaks;

	private Level level;

	@BeforeEach
	void start() {
		BufferLeaks.makeNettysDetectorEarly();
		this.level = ResourceLeakDetector.getLevel();
		ResourceLeakDetector.setLevel(Level.PARANOID);
		this.engine.start();
		this.leaks = BufferLeaks.start(this.engine, true);
	}

	@AfterEach
	void close() {
		this.leaks.close();
		this.engine.close();
		ResourceLeakDetector.setLevel(this.level);
	}

	@Test
	void bufferDroppedWithoutReleaseIsReportedWithWhereItWasAllocated() {
		leakOne();
		ResourceLeak leak = awaitLeak();
		assertThat(leak.resource()).isEqualTo("ByteBuf");
		assertThat(leak.stack()).first().asString().startsWith(BufferLeaksTests.class.getName() + ".leakOne(");
		assertThat(leak.accessedAt()).anyMatch((frame) -> frame.startsWith(BufferLeaksTests.class.getName() + ".leakOne("));
	}

	@Test
	void settlingFindingsAsTestModeDoesFindsTheLeak() {
		leakOne();
		this.engine.settle(Duration.ofSeconds(1));
		assertThat(leaks()).hasSize(1);
	}

	@Test
	void releasedBuffersAreNotReported() {
		for (int i = 0; i < 100; i++) {
			ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
			buffer.writeLong(i);
			buffer.release();
		}
		// One leak afterwards is reported: the released ones were looked at too.
		leakOne();
		awaitLeak();
		assertThat(leaks()).hasSize(1);
	}

	private void leakOne() {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
		buffer.writeLong(42);
	}

	private ResourceLeak awaitLeak() {
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			this.leaks.lookNow();
			return !leaks().isEmpty();
		});
		return leaks().get(0);
	}

	private List<ResourceLeak> leaks() {
		return this.engine.findings().list(FindingKind.RESOURCE_LEAK).stream().map(ResourceLeak.class::cast).toList();
	}

}
