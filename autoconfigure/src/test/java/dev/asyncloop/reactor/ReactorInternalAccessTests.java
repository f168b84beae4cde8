package dev.asyncloop.reactor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.asyncloop.core.internal.Transports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Reactor and Netty keep private and asyncloop reads anyway: each is reachable in
 * the versions asyncloop is built with, and when another version lacks it, or a module
 * path refuses it, asyncloop does without it, says so in one line, and goes on.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReactorInternalAccessTests {

	@Test
	void reactorsAndNettysInternalsAreReachable() throws Exception {
		assertThat(new DroppedErrors.HookField(Hooks.class, "onErrorDroppedHook").readable()).isTrue();
		assertThat(RaceHooks.lockedAt(RaceHooks.SERIALIZED_SINK)).isNotNull();
		assertThat(AssemblyTracking.sourceField(MonoOperator.class, Mono.class)).isNotNull();
		assertThat(BufferLeaks.bufferDetector(BufferLeaks.BUFFERS)).isNotNull();
		NettyPools.globalResources(); // throws if Reactor Netty keeps them elsewhere
	}

	@Test
	void droppedErrorHookThatCannotBeReadIsLeftInertAtClose(CapturedOutput output) {
		assertThat(new DroppedErrors.HookField(Hooks.class, "missingHook").readable()).isFalse();
		assertThat(new DroppedErrors.HookField(Hooks.class, "missingHook").read()).isNull();
		assertOneLine(output, "Reactor's reactor.core.publisher.Hooks.missingHook", "left in place, inert");
	}

	@Test
	void sinkWithoutItsLockFieldIsReportedWithoutTheHolder(CapturedOutput output) {
		assertThat(RaceHooks.lockedAt("reactor.core.publisher.NoSuchSink")).isNull();
		assertThat(RaceHooks.lockedAt("reactor.core.publisher.NoSuchSink")).isNull();
		assertOneLine(output, "Reactor's reactor.core.publisher.NoSuchSink.lockedAt", "without the thread that held it");
	}

	@Test
	void operatorWithoutItsSourceFieldIsAskedThroughScannable(CapturedOutput output) {
		assertThat(AssemblyTracking.sourceField(OperatorWithoutSource.class, Mono.class)).isNull();
		assertOneLine(output, "the source field of Reactor's " + OperatorWithoutSource.class.getName(),
				"asked of the operator (Scannable)");
	}

	@Test
	void fieldsAModuleRefusesAreNotFollowed(CapturedOutput output) throws NoSuchFieldException {
		// java.base does not open java.lang: as a publisher's field refused on a module path.
		assertThat(OperatorShape.open(String.class.getDeclaredField("value"))).isFalse();
		assertThat(OperatorShape.open(String.class.getDeclaredField("hash"))).isFalse();
		assertOneLine(output, "the private fields of some publishers", "java.lang.String.value");
	}

	@Test
	void bufferLeakDetectorThatCannotBeReachedLeavesLeaksToNetty(CapturedOutput output) {
		assertThat(BufferLeaks.bufferDetector("io.netty.buffer.NoSuchBuf")).isNull();
		assertOneLine(output, "Netty's buffer leak detector, io.netty.buffer.NoSuchBuf.leakDetector",
				"reported when Netty finds them by itself");
	}

	@Test
	void connectionPoolsThatCannotBeReadAreNotListed(CapturedOutput output) {
		try (NettyPools pools = new NettyPools(new Transports(), () -> {
			throw new NoSuchFieldException("httpResources");
		})) {
			assertThat(pools.get()).isEmpty();
			assertThat(pools.get()).isEmpty();
		}
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains("asyncloop cannot read Reactor Netty's connection pools")))
			.singleElement()
			.asString()
			.contains("java.lang.NoSuchFieldException: httpResources")
			.contains("lists connections but no pools");
	}

	private static void assertOneLine(CapturedOutput output, String what, String without) {
		assertThat(output.getAll().lines().filter((line) -> line.contains("asyncloop cannot reach " + what)))
			.singleElement()
			.asString()
			.contains(without);
	}

	static class OperatorWithoutSource {

	}

}
