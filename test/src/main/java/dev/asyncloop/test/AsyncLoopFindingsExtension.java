package dev.asyncloop.test;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.opentest4j.AssertionFailedError;

import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.internal.FindingWindow;
import dev.asyncloop.core.internal.RecordedFinding;

/**
 * The JUnit Jupiter side of {@link FailOnAsyncLoopFindings}: opens a window on the
 * engine's findings before each test and fails the test if it closes on any.
 */
class AsyncLoopFindingsExtension implements BeforeEachCallback, AfterEachCallback {

	private static final Namespace NAMESPACE = Namespace.create(AsyncLoopFindingsExtension.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		context.getStore(NAMESPACE).put(FindingWindow.class, engine(context).openWindow());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		FindingWindow window = context.getStore(NAMESPACE).remove(FindingWindow.class, FindingWindow.class);
		if (window == null) {
			return;
		}
		FailOnAsyncLoopFindings settings = settings(context);
		List<RecordedFinding> found = window.close(Duration.ofMillis(settings.settleMillis()));
		List<RecordedFinding> failing = FindingFilter.of(settings).apply(found);
		if (!failing.isEmpty()) {
			throw new AssertionFailedError(FindingReport.describe(context.getDisplayName(), failing,
					engine(context).applicationCode()));
		}
	}

	private static FailOnAsyncLoopFindings settings(ExtensionContext context) {
		FailOnAsyncLoopFindings settings = AnnotatedElementUtils.findMergedAnnotation(context.getRequiredTestClass(),
				FailOnAsyncLoopFindings.class);
		if (settings == null) {
			throw new IllegalStateException("@FailOnAsyncLoopFindings is missing on " + context.getRequiredTestClass());
		}
		return settings;
	}

	private static Engine engine(ExtensionContext context) {
		ApplicationContext applicationContext = SpringExtension.getApplicationContext(context);
		String[] names = applicationContext.getBeanNamesForType(Engine.class);
		if (names.length != 1) {
			throw new IllegalStateException("@FailOnAsyncLoopFindings needs asyncloop in the test's application "
					+ "context, but it has " + names.length + " Engine beans. Is asyncloop.enabled=false?");
		}
		return applicationContext.getBean(names[0], Engine.class);
	}

}
