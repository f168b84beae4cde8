package dev.asyncloop.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

import dev.asyncloop.autoconfigure.AsyncLoopAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopNeverAwaitedAutoConfiguration;
import dev.asyncloop.autoconfigure.AsyncLoopReactorAutoConfiguration;
import dev.asyncloop.core.FindingKind;

/**
 * Fails each test of the annotated class during which asyncloop found a mistake: a
 * slow callback, a publisher never subscribed, a failure nobody observed, a blocking
 * call on a non-blocking thread. The failure says what, where, and how to fix it.
 *
 * <p>For Spring tests ({@code @SpringBootTest}, {@code @WebFluxTest} and the other
 * slices): asyncloop is imported into the test's application context if the slice
 * would leave it out, and the findings are read from that context's engine. A finding
 * belongs to the test that was running: before a test ends, pending detection is
 * given time to catch up, failures still unobserved are reported without their grace
 * period, and publishers the test was handed but never subscribed are reported.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AsyncLoopFindingsExtension.class)
@ImportAutoConfiguration({ AsyncLoopAutoConfiguration.class, AsyncLoopReactorAutoConfiguration.class,
		AsyncLoopNeverAwaitedAutoConfiguration.class })
public @interface FailOnAsyncLoopFindings {

	/**
	 * The kinds of findings that fail a test; all by default.
	 */
	FindingKind[] kinds() default { FindingKind.SLOW_CALLBACK, FindingKind.NEVER_AWAITED,
			FindingKind.UNRETRIEVED_EXCEPTION, FindingKind.BLOCKING_CALL, FindingKind.THREAD_SAFETY,
			FindingKind.RESOURCE_LEAK };

	/**
	 * Findings to tolerate, by the name they report: a task ({@code ReportJob.refresh}),
	 * a method that returned a publisher ({@code OrderService.save}) or a blocking call
	 * ({@code java.lang.Thread.sleep}). An entry also matches names it starts, so
	 * {@code ReportJob} allows every task of that class.
	 */
	String[] allow() default {};

	/**
	 * How long, in milliseconds, to wait after each test for detection that reports
	 * late (such as the JDK Flight Recorder stream) to catch up.
	 */
	long settleMillis() default 2000;

}
