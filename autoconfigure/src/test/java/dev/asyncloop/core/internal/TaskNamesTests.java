package dev.asyncloop.core.internal;

import org.junit.jupiter.api.Test;

import dev.asyncloop.core.NamedTask;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task names people recognise.
 */
class TaskNamesTests {

	@Test
	void scheduledMethodIsNamedClassDotMethod() {
		Object scheduledMethod = new Object() {
			@Override
			public String toString() {
				return "com.example.reports.ReportJob.refresh";
			}
		};
		assertThat(TaskNames.of(scheduledMethod)).isEqualTo("ReportJob.refresh");
	}

	@Test
	void springErrorHandlingWrapperIsSeenThrough() {
		Object wrapped = new Object() {
			@Override
			public String toString() {
				return "DelegatingErrorHandlingRunnable for com.example.reports.ReportJob.refresh";
			}
		};
		assertThat(TaskNames.of(wrapped)).isEqualTo("ReportJob.refresh");
	}

	@Test
	void lambdaIsNamedAfterItsClass() {
		Runnable lambda = () -> {
		};
		assertThat(TaskNames.of(lambda)).isEqualTo("TaskNamesTests.lambda");
	}

	@Test
	void namedTaskKeepsItsName() {
		assertThat(TaskNames.of(NamedTask.named("nightly-report", () -> {
		}))).isEqualTo("nightly-report");
	}

	@Test
	void classWithoutDescriptionIsNamedAfterItsClass() {
		assertThat(TaskNames.of(new Plain())).isEqualTo("TaskNamesTests$Plain");
	}

	@Test
	void longDescriptionsAreCut() {
		Object chatty = new Object() {
			@Override
			public String toString() {
				return "x".repeat(500);
			}
		};
		assertThat(TaskNames.of(chatty)).hasSize(163);
	}

	static final class Plain implements Runnable {

		@Override
		public void run() {
		}

	}

}
