package dev.asyncloop.scheduling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.support.DelegatingErrorHandlingRunnable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring keeps private and asyncloop reads anyway: when another version lacks it,
 * or a module path refuses it, asyncloop does without it, says so once, and goes on.
 */
@ExtendWith(OutputCaptureExtension.class)
class InternalAccessTests {

	@Test
	void lookupThatFailsGivesNothingAndIsLoggedOnce(CapturedOutput output) {
		for (int i = 0; i < 2; i++) {
			Object found = InternalAccess.find("a field that fails", "something is done without it", () -> {
				throw new NoSuchFieldException("gone");
			});
			assertThat(found).isNull();
		}
		assertThat(lines(output, "asyncloop cannot reach a field that fails (java.lang.NoSuchFieldException: gone); "
				+ "something is done without it")).isOne();
	}

	@Test
	void lookupThatFindsNothingIsLoggedOnce(CapturedOutput output) {
		for (int i = 0; i < 2; i++) {
			Object found = InternalAccess.find("a field that is null", "done without", () -> null);
			assertThat(found).isNull();
		}
		assertThat(lines(output, "asyncloop cannot reach a field that is null (not found)")).isOne();
	}

	@Test
	void springsErrorHandlingWrapperIsUnwrapped() {
		assertThat(SubmittedTasks.delegate(DelegatingErrorHandlingRunnable.class)).isNotNull();
	}

	@Test
	void wrapperWithoutItsDelegateFieldLeavesTasksNamedAfterTheWrapper(CapturedOutput output) {
		assertThat(SubmittedTasks.delegate(WrapperWithoutDelegate.class)).isNull();
		assertThat(lines(output, "asyncloop cannot reach the delegate field of Spring's "
				+ WrapperWithoutDelegate.class.getName())).isOne();
		assertThat(output).contains("tasks Spring wraps to handle their errors are named after the wrapper's toString()");
	}

	static int lines(CapturedOutput output, String text) {
		return (int) output.getAll().lines().filter((line) -> line.contains(text)).count();
	}

	static class WrapperWithoutDelegate implements Runnable {

		@Override
		public void run() {
		}

	}

}
