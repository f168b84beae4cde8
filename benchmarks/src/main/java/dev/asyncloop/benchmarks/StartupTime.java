package dev.asyncloop.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.catalog.CatalogApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long a small WebFlux application ({@link CatalogApplication}, one JSON endpoint)
 * takes from the start of its JVM to its first answered request: with asyncloop off
 * ({@code asyncloop.enabled=false}: the starter's auto-configuration backs off, as if
 * it were not there), in its default mode and in debug mode. Every start is a JVM of
 * its own, the three modes taking turns, so that a machine whose speed drifts favours
 * none; each figure is the median of its starts. {@code ratio startup-default} and
 * {@code ratio startup-debug} are the medians' ratios to asyncloop off.
 */
final class StartupTime {

	private static final String PREFIX = "startup-ms ";

	enum Mode {

		OFF, DEFAULT, DEBUG

	}

	private StartupTime() {
	}

	/**
	 * The medians, in milliseconds, of {@code starts} starts in each mode.
	 */
	static Result measure(int starts) throws IOException, InterruptedException {
		Map<Mode, List<Long>> times = new EnumMap<>(Mode.class);
		for (Mode mode : Mode.values()) {
			times.put(mode, new ArrayList<>());
		}
		Mode[] modes = Mode.values();
		for (int start = 0; start < starts; start++) {
			for (int i = 0; i < modes.length; i++) {
				Mode mode = modes[(start + i) % modes.length]; // each mode first in turn
				times.get(mode).add(startOnce(mode));
			}
		}
		return new Result(median(times.get(Mode.OFF)), median(times.get(Mode.DEFAULT)),
				median(times.get(Mode.DEBUG)), starts);
	}

	private static long startOnce(Mode mode) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				StartupTime.class.getName(), mode.name())
			.redirectErrorStream(true)
			.start();
		Long millis = null;
		StringBuilder output = new StringBuilder();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith(PREFIX)) {
					millis = Long.parseLong(line.substring(PREFIX.length()).trim());
				}
				else if (output.length() < 10_000) {
					output.append(line).append('\n');
				}
			}
		}
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0 || millis == null) {
			process.destroyForcibly();
			throw new IllegalStateException("The " + mode + " start failed:\n" + output);
		}
		return millis;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/**
	 * One start, in a JVM of its own: starts the application in the mode named by the
	 * argument, answers one request, prints the time since the JVM started and exits.
	 */
	public static void main(String[] args) throws IOException {
		Mode mode = Mode.valueOf(args[0]);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CatalogApplication.class)
			.web(WebApplicationType.REACTIVE)
			.run("--server.address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off",
					"--logging.level.root=WARN", "--asyncloop.enabled=" + (mode != Mode.OFF),
					"--asyncloop.debug=" + (mode == Mode.DEBUG), CatalogApplication.UNTRACED);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/catalog")
			.toURL()
			.openConnection();
		try (InputStream body = connection.getInputStream()) {
			body.readAllBytes();
		}
		if (connection.getResponseCode() != 200) {
			throw new IllegalStateException("GET /catalog answered " + connection.getResponseCode());
		}
		long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		System.out.println(PREFIX + millis);
		System.out.flush();
		Runtime.getRuntime().halt(0); // the time is taken; shutting down is not part of it
	}

	/**
	 * Median times to the first answered request, in milliseconds.
	 */
	record Result(long off, long defaultMode, long debug, int starts) {

		double defaultRatio() {
			return (double) this.defaultMode / this.off;
		}

		double debugRatio() {
			return (double) this.debug / this.off;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "startup off=%d default=%d debug=%d ms (medians of %d starts each)",
					this.off, this.defaultMode, this.debug, this.starts);
		}

	}

}
