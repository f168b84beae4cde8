package dev.asyncloop.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * JMH results of one run, in one or more rounds, looked up by
 * {@code "<method> <param>=<value> ..."}, and the ratio of two of them with its error.
 */
final class Scores {

	private final Map<String, Measured> byKey = new LinkedHashMap<>();

	/**
	 * @param rounds the results of each round, every round running the same benchmarks
	 */
	Scores(List<? extends Collection<RunResult>> rounds) {
		for (Collection<RunResult> round : rounds) {
			for (RunResult result : round) {
				this.byKey.computeIfAbsent(key(result), (key) -> new Measured(benchmark(result), configuration(result),
						result.getPrimaryResult().getScoreUnit(), new ArrayList<>()))
					.rounds()
					.add(result.getPrimaryResult());
			}
		}
	}

	/**
	 * Every benchmark configuration, in the order of the first round.
	 */
	Collection<Measured> all() {
		return this.byKey.values();
	}

	private static String benchmark(RunResult result) {
		String name = result.getParams().getBenchmark();
		return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
	}

	private static String configuration(RunResult result) {
		BenchmarkParams params = result.getParams();
		Map<String, String> sorted = new TreeMap<>();
		params.getParamsKeys().forEach((key) -> sorted.put(key, params.getParam(key)));
		return sorted.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
	}

	private static String key(RunResult result) {
		String name = result.getParams().getBenchmark();
		String method = name.substring(name.lastIndexOf('.') + 1);
		String configuration = configuration(result);
		return configuration.isEmpty() ? method : method + " " + configuration;
	}

	/**
	 * {@code measured ÷ baseline}. From one round: the quotient of the two scores, its
	 * error combining both relative errors (JMH's 99.9% confidence half-widths). From
	 * several: the median of each round's quotient, its error half the range of those
	 * quotients. Each round measures the two a few seconds apart, so a machine whose
	 * speed drifts over minutes moves both sides of a round's quotient alike.
	 */
	Ratio ratio(String measured, String baseline) {
		List<Result<?>> a = find(measured).rounds();
		List<Result<?>> b = find(baseline).rounds();
		if (a.size() == 1 && b.size() == 1) {
			double value = a.get(0).getScore() / b.get(0).getScore();
			double relativeA = relative(a.get(0));
			double relativeB = relative(b.get(0));
			return new Ratio(value, value * Math.sqrt(relativeA * relativeA + relativeB * relativeB));
		}
		int rounds = Math.min(a.size(), b.size());
		double[] quotients = new double[rounds];
		for (int i = 0; i < rounds; i++) {
			quotients[i] = a.get(i).getScore() / b.get(i).getScore();
		}
		Arrays.sort(quotients);
		double median = (quotients[(rounds - 1) / 2] + quotients[rounds / 2]) / 2;
		return new Ratio(median, (quotients[rounds - 1] - quotients[0]) / 2);
	}

	private static double relative(Result<?> result) {
		double error = result.getScoreError();
		return Double.isNaN(error) ? 0 : error / result.getScore();
	}

	private Measured find(String key) {
		Measured measured = this.byKey.get(key);
		if (measured == null) {
			throw new IllegalStateException("No benchmark result '" + key + "' among " + this.byKey.keySet());
		}
		return measured;
	}

	/**
	 * One benchmark configuration's score in each round.
	 */
	record Measured(String benchmark, String configuration, String unit, List<Result<?>> rounds) {

		/** The mean of the rounds' scores. */
		double score() {
			return this.rounds.stream().mapToDouble(Result::getScore).average().orElseThrow();
		}

		/** JMH's 99.9% half-width from one round; half the range of the rounds' scores from several. */
		double error() {
			if (this.rounds.size() == 1) {
				return this.rounds.get(0).getScoreError();
			}
			double min = this.rounds.stream().mapToDouble(Result::getScore).min().orElseThrow();
			double max = this.rounds.stream().mapToDouble(Result::getScore).max().orElseThrow();
			return (max - min) / 2;
		}

	}

	record Ratio(double value, double error) {
	}

}
