package dev.asyncloop.benchmarks;

import java.util.concurrent.Executor;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A comparison of executors by {@link TaskBatch}es of tasks that do no work, or about a
 * microsecond of work each, given to {@link #target}.
 */
public abstract class TaskBatchComparison extends Comparison {

	/** Work per task: none, or about a microsecond. */
	@Param({ "0", "1us" })
	public String work;

	/** The work per task, in {@link Blackhole#consumeCPU} tokens. */
	long tokens;

	/** Where the batches go, as the benchmark's set-up chose. */
	Executor target;

	@Setup
	public void calibrate() {
		this.tokens = "0".equals(this.work) ? 0 : Calibration.tokensPerMicrosecond();
	}

}
