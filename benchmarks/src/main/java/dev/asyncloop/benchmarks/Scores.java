package dev.asyncloop.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * JMH results of one run, looked up by {@code "<method> <param>=<value> ..."}, and the
 * ratio of two of them with its error.
 */
final class Scores {

	private final Map<String, Result<?>> byKey = new LinkedHashMap<>();

	Scores(Collection<RunResult> results) {
		for (RunResult result : results) {
			this.byKey.put(key(result), result.getPrimaryResult());
		}
	}

	static String benchmark(RunResult result) {
		String name = result.getParams().getBenchmark();
		return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
	}

	static String configuration(RunResult result) {
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
	 * {@code measured ÷ baseline}; its error combines both relative errors (JMH's 99.9%
	 * confidence half-widths), as for any quotient of independent measurements.
	 */
	Ratio ratio(String measured, String baseline) {
		Result<?> a = find(measured);
		Result<?> b = find(baseline);
		double value = a.getScore() / b.getScore();
		double relativeA = relative(a);
		double relativeB = relative(b);
		return new Ratio(value, value * Math.sqrt(relativeA * relativeA + relativeB * relativeB));
	}

	private static double relative(Result<?> result) {
		double error = result.getScoreError();
		return Double.isNaN(error) ? 0 : error / result.getScore();
	}

	private Result<?> find(String key) {
		Result<?> result = this.byKey.get(key);
		if (result == null) {
			throw new IllegalStateException("No benchmark result '" + key + "' among " + this.byKey.keySet());
		}
		return result;
	}

	record Ratio(double value, double error) {
	}

}
