package dev.asyncloop.sample;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The live monitor page in a real browser: headless Chromium, driven by Selenium,
 * against the sample on a random port. The browser may reach nothing but the sample:
 * every other host name fails to resolve, so a page that needed a CDN would not work.
 * Leaves screenshots in {@code target/}: {@code dashboard-live.png} while the task
 * blocks the loop (the README shows it) and {@code dashboard.png} after it ended.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class DashboardBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@TempDir
	static Path profile;

	private static ChromeDriver browser;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startBrowser() {
		assumeThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.as("Skipped: no headless Chromium here (%s and %s; .ci/run installs Debian's chromium and "
					+ "chromium-driver)", CHROMIUM, CHROMEDRIVER)
			.isTrue();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
					"--window-size=1400,1500", "--user-data-dir=" + profile.resolve("chromium"),
					// Offline but for the app: no host name resolves except the loopback address.
					"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void showsTheBlockingTaskLiveAndItsSlowCallbackGrowingOnTheTimelineUntilItEnds() throws Exception {
		String base = "http://127.0.0.1:" + this.port;
		browser.get(base + "/asyncloop");
		// A few refreshes first: the first ones, in a cold JVM, are the slowest.
		int firstUpdates = awaitOnPage(Duration.ofSeconds(15), this::updates, (updates) -> updates >= 3);

		get(base + "/pitfalls/blocking");

		String runningThread = awaitOnPage(Duration.ofSeconds(3), () -> attribute(
				"#tasks tr[data-state='running'][data-executor='loop'][data-name='PitfallController.blockingTask']",
				"data-thread"), (thread) -> thread != null);
		assertThat(runningThread).startsWith("asyncloop-loop-");

		long liveMs = awaitOnPage(Duration.ofSeconds(3), () -> barDuration("false"), (ms) -> ms != null);
		assertThat(liveMs).isLessThan(2000);
		// The same bar is drawn: the timeline chart has a series with points for it.
		assertThat(timelineSeries()).isGreaterThanOrEqualTo(1);
		awaitOnPage(Duration.ofSeconds(2), () -> barDuration("false"), (ms) -> ms != null && ms > liveMs);
		screenshot(Path.of("target", "dashboard-live.png"));

		long endedMs = awaitOnPage(Duration.ofSeconds(5), () -> barDuration("true"), (ms) -> ms != null);
		assertThat(endedMs).isBetween(1900L, 2600L);
		assertThat(attribute("#findings-slow-callbacks li", "data-key")).contains("PitfallController.blockingTask");

		int updates = updates();
		assertThat(updates).isGreaterThan(firstUpdates);
		awaitOnPage(Duration.ofSeconds(5), this::updates, (now) -> now >= updates + 2);

		assertThat(resourcesLoadedFrom()).isNotEmpty().allMatch((url) -> url.startsWith(base + "/"));
		screenshot(Path.of("target", "dashboard.png"));
	}

	@Test
	void showsWhenAScheduledTaskIsDueAndAStallOfTheNettyLoopWithItsSizeAndItsEnd() throws Exception {
		String base = "http://127.0.0.1:" + this.port;
		browser.get(base + "/asyncloop");
		awaitOnPage(Duration.ofSeconds(15), this::updates, (updates) -> updates >= 3);

		// The heartbeat (every second) waits on the loop for its next run: the page says when.
		String dueInMs = awaitOnPage(Duration.ofSeconds(5), () -> attribute(
				"#tasks tr[data-state='scheduled'][data-name='HeartbeatJob.beat']", "data-due-in-ms"),
				(due) -> due != null);
		assertThat(Long.parseLong(dueInMs)).isBetween(0L, 1000L);
		assertThat(text("#tasks tr[data-state='scheduled'][data-name='HeartbeatJob.beat'] td:nth-child(5)"))
			.startsWith("due in ");

		HttpResponse<Void> stalled = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/pitfalls/blocking-netty")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(stalled.statusCode()).isEqualTo(200);
		// The lag chart shows the stall's size, then its end: back near zero within seconds,
		// not a recent maximum that stays up after the loop is free again.
		List<Double> lag = awaitOnPage(Duration.ofSeconds(10), DashboardBrowserTests::nettyLag, (values) -> {
			int peak = peakIndex(values);
			return values.get(peak) >= 1500 && values.subList(peak, values.size()).stream().anyMatch((v) -> v < 200);
		});
		assertThat(lag.get(peakIndex(lag))).isBetween(1500.0, 3000.0);

		// Stacks are cut as the log cuts them, the whole stack one click further.
		assertThat(attribute("#findings-slow-callbacks li pre.cut", "class")).isEqualTo("cut");
	}

	/** The Netty loops' values of the page's lag chart, oldest first, without gaps. */
	@SuppressWarnings("unchecked")
	private static List<Double> nettyLag() {
		List<Object> values = (List<Object>) ((JavascriptExecutor) browser).executeScript(
				"const v = window.asyncloopDashboard.lag.byExecutor.get('netty'); return v ? v.filter((x) => x !== null) : [];");
		return values.stream().map((value) -> ((Number) value).doubleValue()).toList();
	}

	private static int peakIndex(List<Double> values) {
		int peak = 0;
		for (int i = 1; i < values.size(); i++) {
			if (values.get(i) > values.get(peak)) {
				peak = i;
			}
		}
		return values.isEmpty() ? 0 : peak;
	}

	/** The length of the blocking task's bar on the timeline, or {@code null} while there is none. */
	private static Long barDuration(String finished) {
		String ms = attribute("#timeline-bars li[data-executor='loop'][data-task='PitfallController.blockingTask']"
				+ "[data-finished='" + finished + "']", "data-duration-ms");
		return (ms != null) ? Long.valueOf(ms) : null;
	}

	/** Waits for what the page shows; a timeout says what the page said of itself. */
	private static <T> T awaitOnPage(Duration atMost, Callable<T> value, Predicate<? super T> until) {
		try {
			return await().atMost(atMost).until(value, until);
		}
		catch (ConditionTimeoutException ex) {
			Object page = ((JavascriptExecutor) browser).executeScript("const s = window.asyncloopDashboard;"
					+ "return JSON.stringify({ status: document.getElementById('status').textContent,"
					+ " updates: s.updates, failures: s.failures, error: s.error, now: performance.now(),"
					+ " refreshingSince: s.refreshingSince,"
					+ " requests: performance.getEntriesByType('resource').slice(-7)"
					+ ".map((e) => [e.name, Math.round(e.startTime), Math.round(e.duration)]) });");
			throw new AssertionError(ex.getMessage() + " (page: " + page + ")", ex);
		}
	}

	private int updates() {
		String updates = attribute("#status", "data-updates");
		return (updates != null) ? Integer.parseInt(updates) : 0;
	}

	/**
	 * An attribute of the first element matching {@code selector}, read in one step:
	 * the page rebuilds its lists every second, so a found element soon goes stale.
	 */
	private static String attribute(String selector, String name) {
		return (String) ((JavascriptExecutor) browser).executeScript(
				"const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
				selector, name);
	}

	/** The text of the first element matching {@code selector}, read in one step. */
	private static String text(String selector) {
		return (String) ((JavascriptExecutor) browser).executeScript(
				"const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
	}

	private static long timelineSeries() {
		Object count = ((JavascriptExecutor) browser).executeScript(
				"const chart = window.asyncloopDashboard.charts.timeline;"
						+ "return chart.series.slice(1).filter((s, i) => chart.data[i + 1].some((y) => y !== null)).length;");
		return ((Number) count).longValue();
	}

	@SuppressWarnings("unchecked")
	private static List<String> resourcesLoadedFrom() {
		List<Map<String, Object>> entries = (List<Map<String, Object>>) ((JavascriptExecutor) browser)
			.executeScript("return performance.getEntriesByType('resource').map((e) => ({ name: e.name }));");
		List<String> urls = new java.util.ArrayList<>(entries.stream().map((e) -> (String) e.get("name")).toList());
		urls.add(browser.getCurrentUrl());
		return urls;
	}

	private static void get(String url) throws IOException, InterruptedException {
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(202);
	}

	private static void screenshot(Path target) throws IOException {
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
