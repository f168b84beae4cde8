package dev.asyncloop.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark in one go and prints what {@code benchmarks/run} promises: a
 * Markdown table of the JMH scores, then one {@code ratio <case> <value>} line per
 * comparison (asyncloop's figure divided by its baseline's, measured in the same run),
 * then the detection latency and the bytes per live task. A full run measures every
 * benchmark in {@value #ROUNDS} rounds of one fork each; {@code --quick} is one round,
 * a smoke run of a few seconds per benchmark: it proves the harness runs, its figures
 * are noise.
 */
public final class Suite {

	/** asyncloop's own log, kept quiet: the measurements make slow callbacks on purpose. Held so that it stays set. */
	private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("dev.asyncloop");

	private static final Case DEFAULT_VS_RAW = new Case("default-vs-raw", "tasks executor=asyncloop work=1us",
			"tasks executor=raw work=1us", "≤ 1.10");

	private static final Case LOOP_PRODUCERS = new Case("default-vs-raw-8-producers", "producers executor=loop work=1us",
			"producers executor=raw-loop work=1us", "≤ 1.10");

	private static final Case WORKER_PRODUCERS = new Case("worker-vs-raw-8-producers",
			"producers executor=worker work=1us", "producers executor=raw-worker work=1us", "≤ 1.10");

	private static final Case WORKER_OVER_STAMPED = new Case("worker-vs-stamped-8-producers",
			"producers executor=worker work=1us", "producers executor=stamped-worker work=1us",
			"— (asyncloop's bookkeeping beyond the timing itself)");

	private static final Case STAMPED_PRODUCERS = new Case("stamped-vs-raw-8-producers",
			"producers executor=stamped-worker work=1us", "producers executor=raw-worker work=1us",
			"— (the floor: one record and three clock reads per task)");

	private static final List<Case> CASES = List.of(DEFAULT_VS_RAW, DEFAULT_VS_RAW.withoutWork(),
			new Case("default-vs-micrometer", "tasks executor=asyncloop work=1us", "tasks executor=micrometer work=1us",
					"≤ 1.00"),
			new Case("executor-bean-vs-raw", "beanTasks pool=watched work=1us", "beanTasks pool=raw work=1us",
					"≤ 1.10"),
			new Case("executor-bean-vs-micrometer", "beanTasks pool=watched work=1us",
					"beanTasks pool=micrometer work=1us", "≤ 1.00"),
			LOOP_PRODUCERS, LOOP_PRODUCERS.withoutWork(), WORKER_PRODUCERS, WORKER_PRODUCERS.withoutWork(),
			WORKER_OVER_STAMPED, STAMPED_PRODUCERS,
			new Case("debug-vs-raw", "tasks executor=asyncloop-debug work=1us", "tasks executor=raw work=1us", "≤ 2.00"),
			new Case("debug-vs-raw-deep", "deepTasks executor=asyncloop-debug", "deepTasks executor=raw", "≤ 2.00"),
			new Case("reactor-bridge", "publishOn mode=bridge", "publishOn mode=plain", "≤ 1.10"),
			new Case("reactor-bridge-per-task", "scheduleEachTask mode=bridge", "scheduleEachTask mode=plain",
					"≤ 1.10"),
			new Case("reactor-operator-debug", "publishOn mode=operator-debug", "publishOn mode=plain",
					"(Reactor's own debug mode, the anchor)"),
			new Case("never-awaited-tracking", "callAndSubscribe mode=tracked", "callAndSubscribe mode=direct",
					"≤ 10"),
			new Case("cf-tracking", "supplyThenApplyJoin mode=debug", "supplyThenApplyJoin mode=off", "≤ 2.00"),
			new Case("assembly-tracking", "assembleAndSubscribe mode=debug", "assembleAndSubscribe mode=off",
					"≤ 3.00"),
			new Case("sink-checking", "tryEmitNext mode=debug", "tryEmitNext mode=off", "≤ 1.50"),
			new Case("signal-checking", "subscribePipeline mode=debug", "subscribePipeline mode=off", "≤ 1.50"),
			new Case("webflux-requests", "getCatalog mode=default", "getCatalog mode=off", "≤ 1.10"),
			new Case("webflux-requests-debug", "getCatalog mode=debug", "getCatalog mode=off", "≤ 1.50"),
			new Case("webflux-requests-traced", "getCatalog mode=default-traced", "getCatalog mode=off-traced",
					"≤ 1.10"));

	/**
	 * Rounds of a full run: every benchmark runs one fork per round, and each ratio is
	 * the median of its rounds' ratios. On a machine whose speed drifts by a fifth within
	 * minutes, a benchmark's forks run back to back would each be compared with the
	 * baseline's, measured minutes earlier or later; a round measures the two a few
	 * seconds apart.
	 */
	private static final int ROUNDS = 4;

	private Suite() {
	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = List.of(args);
		boolean quick = arguments.contains("--quick");
		int rounds = rounds(arguments, quick ? 1 : ROUNDS);
		LOG.setLevel(java.util.logging.Level.OFF);
		PrintStream out = System.out;
		Path logs = Path.of("benchmarks", "target");
		Files.createDirectories(logs);

		out.printf("JDK %s (%s), %d processors, %s%n", System.getProperty("java.version"),
				System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
				quick ? "quick smoke run: figures are noise" : "full run");
		out.println("measuring task-record-bytes and detection-latency ...");
		TaskRecordBytes.Result bytes = TaskRecordBytes.measure(quick ? 50_000 : 200_000, false);
		TaskRecordBytes.Result debugBytes = TaskRecordBytes.measure(quick ? 50_000 : 200_000, true);
		DetectionLatency.Result latency = DetectionLatency.measure(quick ? 30 : 300);
		out.println("measuring startup times (a JVM per start) ...");
		StartupTime.Result startup = StartupTime.measure(quick ? 1 : 9);

		List<Collection<RunResult>> results = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			Path log = logs.resolve((rounds == 1) ? "jmh.log" : "jmh-round-" + round + ".log");
			out.printf("running JMH, round %d of %d (its own output goes to %s) ...%n", round, rounds, log);
			results.add(new Runner(options(quick).output(log.toString()).build()).run());
		}
		Scores scores = new Scores(results);

		out.println();
		out.println((rounds == 1) ? "| benchmark | configuration | score | error (99.9%) | unit |"
				: "| benchmark | configuration | score (mean of " + rounds + " rounds) | ± half their range | unit |");
		out.println("| --- | --- | ---: | ---: | --- |");
		for (Scores.Measured measured : scores.all()) {
			out.printf(Locale.ROOT, "| %s | %s | %.1f | ± %.1f | %s |%n", measured.benchmark(),
					measured.configuration(), measured.score(), measured.error(), measured.unit());
		}
		out.println();
		out.println((rounds == 1) ? "| case | asyncloop ÷ baseline | budget |"
				: "| case | asyncloop ÷ baseline (median of " + rounds + " rounds ± half their range) | budget |");
		out.println("| --- | ---: | ---: |");
		List<String> ratioLines = new ArrayList<>();
		for (Case comparison : CASES) {
			ratio(out, ratioLines, scores, comparison);
		}
		out.printf(Locale.ROOT, "| startup-default | %.3f | ≤ 1.10 |%n", startup.defaultRatio());
		out.printf(Locale.ROOT, "| startup-debug | %.3f | ≤ 1.50 |%n", startup.debugRatio());
		ratioLines.add(String.format(Locale.ROOT, "ratio startup-default %.3f", startup.defaultRatio()));
		ratioLines.add(String.format(Locale.ROOT, "ratio startup-debug %.3f", startup.debugRatio()));
		out.printf(Locale.ROOT, "| detection-latency p99 | %.2f ms | ≤ 20 ms |%n", latency.p99Millis());
		out.printf(Locale.ROOT, "| task-record-bytes | %.1f bytes | ≤ 200 bytes |%n", bytes.recordBytes());
		out.printf(Locale.ROOT, "| debug-task-record-bytes | %.1f bytes | ≤ 200 bytes |%n", debugBytes.recordBytes());
		out.println();
		ratioLines.forEach(out::println);
		out.println(startup);
		out.println(latency);
		out.println(bytes);
		out.println(debugBytes);
	}

	/**
	 * The number after {@code --rounds}, else {@code otherwise}.
	 */
	private static int rounds(List<String> arguments, int otherwise) {
		int at = arguments.indexOf("--rounds");
		if (at < 0) {
			return otherwise;
		}
		String value = (at + 1 < arguments.size()) ? arguments.get(at + 1) : "";
		if (!value.matches("[1-9][0-9]{0,2}")) {
			throw new IllegalArgumentException("--rounds takes a number of rounds from 1 to 999, not '" + value + "'");
		}
		return Integer.parseInt(value);
	}

	private static ChainedOptionsBuilder options(boolean quick) {
		ChainedOptionsBuilder options = new OptionsBuilder().include(Suite.class.getPackageName() + "\\.")
			.verbosity(VerboseMode.NORMAL)
			.shouldFailOnError(true)
			.forks(1); // a fork per round
		if (quick) {
			options.warmupIterations(1)
				.warmupTime(TimeValue.milliseconds(300))
				.measurementIterations(2)
				.measurementTime(TimeValue.milliseconds(300));
		}
		return options;
	}

	private static void ratio(PrintStream out, List<String> lines, Scores scores, Case comparison) {
		Scores.Ratio ratio = scores.ratio(comparison.measured(), comparison.baseline());
		out.printf(Locale.ROOT, "| %s | %.3f ± %.3f | %s |%n", comparison.name(), ratio.value(), ratio.error(),
				comparison.budget());
		lines.add(String.format(Locale.ROOT, "ratio %s %.3f", comparison.name(), ratio.value()));
	}

	/**
	 * One comparison: asyncloop's result and its baseline's, each named
	 * {@code "<method> <param>=<value> ..."}, and its budget, as the project's performance
	 * budget in benchmarks/README.md sets it.
	 */
	private record Case(String name, String measured, String baseline, String budget) {

		/**
		 * The same comparison with tasks that do no work: what asyncloop adds to a task
		 * on its own, which has no budget.
		 */
		Case withoutWork() {
			return new Case(this.name + "-empty", this.measured.replace("work=1us", "work=0"),
					this.baseline.replace("work=1us", "work=0"), "—");
		}

	}

}
