package dev.asyncloop.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

/**
 * How many {@link Blackhole#consumeCPU} tokens make about a microsecond of work on
 * this machine, measured once per JVM.
 */
final class Calibration {

	private static volatile long tokensPerMicrosecond;

	private Calibration() {
	}

	static long tokensPerMicrosecond() {
		long tokens = tokensPerMicrosecond;
		if (tokens == 0) {
			tokens = measure();
			tokensPerMicrosecond = tokens;
		}
		return tokens;
	}

	private static long measure() {
		long tokens = 1024;
		for (int round = 0; round < 5; round++) {
			int repeats = 20_000;
			long start = System.nanoTime();
			for (int i = 0; i < repeats; i++) {
				Blackhole.consumeCPU(tokens);
			}
			double nanosPerCall = (System.nanoTime() - start) / (double) repeats;
			tokens = Math.max(1, Math.round(tokens * 1000.0 / nanosPerCall));
		}
		return tokens;
	}

}
