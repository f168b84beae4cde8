package dev.asyncloop.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How stacks are rendered and read.
 */
class StackFramesTests {

	@Test
	void framesAreRenderedWithoutModules() {
		StackTraceElement frame = new StackTraceElement(null, "java.base", null, "java.lang.Thread", "sleep", "Thread.java", 340);
		assertThat(StackFrames.frame(frame)).isEqualTo("java.lang.Thread.sleep(Thread.java:340)");
		assertThat(StackFrames.frame(new StackTraceElement("java.lang.Thread", "sleep0", null, -2)))
			.isEqualTo("java.lang.Thread.sleep0(Native Method)");
	}

	@Test
	void deepStacksAreCutAndSaySo() {
		StackTraceElement[] deep = new StackTraceElement[StackFrames.MAX_FRAMES + 5];
		java.util.Arrays.fill(deep, new StackTraceElement("a.B", "c", "B.java", 1));
		assertThat(StackFrames.render(deep)).hasSize(StackFrames.MAX_FRAMES + 1).last().isEqualTo("... 5 more");
	}

}
