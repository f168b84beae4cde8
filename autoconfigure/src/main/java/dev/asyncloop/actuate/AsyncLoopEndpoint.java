package dev.asyncloop.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

import dev.asyncloop.core.internal.Engine;
import dev.asyncloop.core.ExecutorSnapshot;
import dev.asyncloop.core.Finding;
import dev.asyncloop.core.FindingKind;
import dev.asyncloop.core.internal.DurationLimits;
import dev.asyncloop.core.internal.Findings;
import dev.asyncloop.core.internal.LagRecorder;
import dev.asyncloop.core.internal.Transports;
import dev.asyncloop.core.internal.LiveTask;
import dev.asyncloop.core.internal.Snapshots;

/**
 * {@code /actuator/asyncloop}: a summary of every monitored executor and of the
 * findings, the live tasks, and one report per kind of finding, newest first.
 * Stacks are shown according to {@code management.endpoint.asyncloop.show-stacks},
 * like the values of Spring Boot's {@code env} endpoint.
 */
@Endpoint(id = "asyncloop")
public class AsyncLoopEndpoint {

	static final String TASKS = "tasks";

	static final String RESOURCES = "resources";

	private final Engine engine;

	private final Show showStacks;

	private final Set<String> roles;

	public AsyncLoopEndpoint(Engine engine, Show showStacks, Set<String> roles) {
		this.engine = engine;
		this.showStacks = showStacks;
		this.roles = Set.copyOf(roles);
	}

	@ReadOperation
	public SummaryDescriptor summary() {
		List<ExecutorDescriptor> executors = this.engine.executors()
			.stream()
			.map((executor) -> ExecutorDescriptor.of(executor, this.engine.directory().recentLag(executor.name())))
			.toList();
		Findings findings = this.engine.findings();
		return new SummaryDescriptor(!this.engine.isClosed(), this.engine.settings().isDebug(),
				this.engine.settings().slowCallbackDuration().toString(), executors,
				findings.countsByKind(), findings.warmUp().count(), new ResourceCounts(
						this.engine.transports().connectionCount(), this.engine.transports().pools().size()));
	}

	@ReadOperation
	public OperationResponseBody report(@Selector String report, SecurityContext securityContext) {
		boolean stacks = this.showStacks.isShown(securityContext, this.roles);
		if (TASKS.equals(report)) {
			Snapshots.TaskListing listing = this.engine.taskListing(stacks);
			return new TasksReport(listing.tasks().stream().map((task) -> TaskEntry.of(task, stacks)).toList(),
					listing.notListed());
		}
		if (RESOURCES.equals(report)) {
			return resources(stacks);
		}
		FindingKind kind = FindingKind.forReport(report);
		if (kind == null) {
			return null;
		}
		List<Map<String, Object>> entries = this.engine.findings()
			.list(kind)
			.stream()
			.map((finding) -> entry(finding, stacks))
			.toList();
		return new FindingsReport(kind.fieldName(), entries);
	}

	private ResourcesReport resources(boolean stacks) {
		Transports transports = this.engine.transports();
		long now = System.nanoTime();
		return new ResourcesReport(
				transports.connections().stream().map((connection) -> ConnectionEntry.of(connection, now, stacks)).toList(),
				transports.pools().stream().map(PoolEntry::of).toList());
	}

	/**
	 * Changes settings at runtime: {@code debug} and/or {@code slowCallbackDuration}
	 * (as {@code 250ms} or {@code PT0.25S}). Bad input changes nothing and answers 400.
	 * @return the summary with the settings now in effect
	 */
	@WriteOperation
	public SummaryDescriptor configure(@Nullable Boolean debug, @Nullable String slowCallbackDuration) {
		Duration duration = (slowCallbackDuration != null) ? positiveDuration(slowCallbackDuration) : null;
		if (debug == null && duration == null) {
			throw new InvalidEndpointRequestException("Give debug and/or slowCallbackDuration to change",
					"Give debug and/or slowCallbackDuration to change");
		}
		if (duration != null) {
			this.engine.settings().setSlowCallbackDuration(duration);
		}
		if (debug != null) {
			this.engine.settings().setDebug(debug);
		}
		return summary();
	}

	private static Duration positiveDuration(String text) {
		try {
			// The engine's own check: a duration it could not measure would fail it later.
			return DurationLimits.requirePositive("slowCallbackDuration", DurationStyle.detectAndParse(text.trim()));
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			String reason = "Invalid slowCallbackDuration '" + text + "': must be a positive duration of at most "
					+ DurationLimits.MAX_TEXT + ", such as 100ms or 2s";
			throw new InvalidEndpointRequestException(reason, reason);
		}
	}

	/**
	 * Forgets the findings; live tasks are not touched.
	 */
	@DeleteOperation
	public void clear() {
		this.engine.findings().clear();
	}

	/**
	 * A finding as its report shows it: its attributes, durations in milliseconds
	 * (named with {@code Ms}), instants as ISO-8601 text, stacks only where shown.
	 */
	private static Map<String, Object> entry(Finding finding, boolean stacks) {
		Map<String, Object> entry = new LinkedHashMap<>();
		finding.attributes().forEach((name, value) -> {
			if (value instanceof Duration duration) {
				entry.put(name + "Ms", duration.toMillis());
			}
			else if (value instanceof Instant instant) {
				entry.put(name, instant.toString());
			}
			else if (!(value instanceof List) || stacks) {
				entry.put(name, value);
			}
		});
		return entry;
	}

	private static List<String> shown(List<String> frames, boolean stacks) {
		return stacks ? frames : null;
	}

	private static Long millis(Duration duration) {
		return (duration != null) ? duration.toMillis() : null;
	}

	/**
	 * The summary: settings, executors, counts of findings since they were last cleared,
	 * and how much warm-up was set aside meanwhile: slow runs, stalls and blocking calls
	 * whose time went to loading classes or to framework code running for the first
	 * time, which are not findings.
	 */
	public record SummaryDescriptor(boolean enabled, boolean debug, String slowCallbackDuration,
			List<ExecutorDescriptor> executors, Map<String, Long> findings, long warmUp, ResourceCounts resources)
			implements OperationResponseBody {
	}

	/**
	 * How many connections are open and client connection pools exist (see the
	 * {@code resources} report).
	 */
	public record ResourceCounts(int connections, int pools) {
	}

	/**
	 * One executor. {@code queued} is absent where asyncloop cannot see the queue
	 * (Reactor's schedulers, Netty); {@code lag} is present for probed event loops;
	 * {@code longestRunMs} is how long the longest task running now (or a probed
	 * loop's current stall) has been running, {@code 0} when idle.
	 */
	public record ExecutorDescriptor(String name, String kind, int threads, Integer queued, int scheduled, int running,
			long completed, long failed, long slowCallbacks, long thresholdMs, LagDescriptor lag, long longestRunMs) {

		static ExecutorDescriptor of(ExecutorSnapshot executor, LagRecorder.Lag lag) {
			return new ExecutorDescriptor(executor.name(), executor.kind().label(), executor.threads(),
					(executor.queued() >= 0) ? executor.queued() : null, executor.scheduled(), executor.running(),
					executor.completed(), executor.failed(), executor.slowCallbacks(), executor.threshold().toMillis(),
					LagDescriptor.of(lag),
					executor.longestRun().toMillis());
		}

	}

	/**
	 * How late recent probe tasks ran on an event loop.
	 */
	public record LagDescriptor(double maxMs, double p99Ms, double p50Ms, int samples, double lastSecondMs) {

		static LagDescriptor of(LagRecorder.Lag lag) {
			return (lag != null) ? new LagDescriptor(millis(lag.max()), millis(lag.p99()), millis(lag.p50()),
					lag.samples(), millis(lag.lastSecond())) : null;
		}

		private static double millis(Duration duration) {
			return Math.round(duration.toNanos() / 10_000.0) / 100.0;
		}

	}

	/**
	 * The live tasks, and per executor how many queued tasks were not listed.
	 */
	public record TasksReport(List<TaskEntry> tasks, Map<String, Integer> unlisted) implements OperationResponseBody {
	}

	/**
	 * The live transports: open connections, oldest first, and client connection pools.
	 */
	public record ResourcesReport(List<ConnectionEntry> connections, List<PoolEntry> pools)
			implements OperationResponseBody {
	}

	/**
	 * An open connection: {@code state} is {@code active} while it serves or sends a
	 * request, {@code idle} otherwise.
	 */
	/**
	 * An open connection; an active client connection acquired in debug mode also says
	 * where the application acquired it and the server request being served then.
	 */
	public record ConnectionEntry(String id, String side, String local, String remote, long ageMs, long idleMs,
			String state, String request, @Nullable List<String> acquiredAt, @Nullable String acquiredWhileServing) {

		static ConnectionEntry of(Transports.Connection connection, long now, boolean stacks) {
			String request = connection.request();
			boolean held = request != null && "client".equals(connection.side());
			return new ConnectionEntry(connection.id(), connection.side(), connection.local(), connection.remote(),
					connection.age(now).toMillis(), connection.idle(now).toMillis(),
					(request != null) ? "active" : "idle", request,
					held ? shown(connection.acquiredAt(), stacks) : null,
					held ? connection.acquiredWhileServing() : null);
		}

	}

	public record PoolEntry(String name, String remote, int active, int idle, int pending, int max) {

		static PoolEntry of(Transports.Pool pool) {
			return new PoolEntry(pool.name(), pool.remote(), pool.active(), pool.idle(), pool.pending(), pool.max());
		}

	}

	public record TaskEntry(long id, String name, String executor, String state, long ageMs, Long dueInMs,
			Long runningMs, String thread, List<String> stack, List<String> createdAt) {

		static TaskEntry of(LiveTask task, boolean stacks) {
			return new TaskEntry(task.id(), task.name(), task.executor(), task.state().label(), task.age().toMillis(),
					millis(task.dueIn()), millis(task.running()), task.thread(), shown(task.stack(), stacks),
					shown(task.createdAt(), stacks));
		}

	}

	/**
	 * The findings of one kind, newest first, in an array named after the report:
	 * {@code {"slowCallbacks": [...]}}.
	 */
	public static final class FindingsReport extends AbstractMap<String, Object> implements OperationResponseBody {

		private final Set<Entry<String, Object>> report;

		FindingsReport(String name, List<Map<String, Object>> findings) {
			this.report = Set.of(new SimpleImmutableEntry<>(name, findings));
		}

		@Override
		public Set<Entry<String, Object>> entrySet() {
			return this.report;
		}

	}

}
