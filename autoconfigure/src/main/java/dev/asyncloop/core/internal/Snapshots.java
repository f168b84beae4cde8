package dev.asyncloop.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import dev.asyncloop.core.ExecutorSnapshot;

/**
 * The state of the executors and of their live tasks at one moment, as reports show
 * it: read from the thread slots and the executors' queues, on request only.
 */
public final class Snapshots {

	/** Queued tasks listed per executor; counts stay exact beyond it. */
	private static final int MAX_LISTED_PER_EXECUTOR = 1000;

	private final ExecutorDirectory executors;

	private final ThreadSlots threads;

	private final Findings findings;

	private final ApplicationCode applicationCode;

	public Snapshots(ExecutorDirectory executors, ThreadSlots threads, Findings findings,
			ApplicationCode applicationCode) {
		this.executors = executors;
		this.threads = threads;
		this.findings = findings;
		this.applicationCode = applicationCode;
	}

	/**
	 * The state of every monitored executor, in the order they were registered; the
	 * caller's own running task is not counted.
	 */
	public List<ExecutorSnapshot> executors() {
		List<ExecutorSnapshot> snapshots = new ArrayList<>();
		long now = System.nanoTime();
		Thread caller = Thread.currentThread();
		for (ExecutorMonitor executor : this.executors.all()) {
			int running = 0;
			int threadsSeen = 0;
			long longest = (executor.stalledSince() != 0) ? now - executor.stalledSince() : 0;
			for (ThreadSlot slot : this.threads.all()) {
				TrackedTask task = slot.running();
				// The caller's own task (the request asking) is left out, as from the live tasks.
				if (task != null && task.executor() == executor && slot.thread() != caller) {
					running++;
					longest = Math.max(longest, now - task.startedAt());
				}
				if (slot.knownExecutor() == executor && slot.thread().isAlive()) {
					threadsSeen++;
				}
			}
			QueueView queue = executor.queueView();
			int threads = (queue.threads() >= 0) ? queue.threads() : threadsSeen;
			int waiting = queue.queued();
			int scheduled = (waiting > 0) ? Math.min(waiting, queue.scheduled()) : 0;
			TaskStats stats = executor.stats();
			snapshots.add(new ExecutorSnapshot(executor.name(), executor.kind(), threads,
					(waiting >= 0) ? waiting - scheduled : -1, scheduled, running, stats.completed(), stats.failed(),
					Duration.ofNanos(stats.busyNanos()), Duration.ofNanos(stats.delayNanos()),
					this.findings.slowCallbacks(executor.name()), executor.threshold(),
					Duration.ofNanos(Math.max(0, longest))));
		}
		return snapshots;
	}

	/**
	 * Every live task: running ones from the thread slots, queued and scheduled ones
	 * from the executors' queues. Newest first. The caller's own task (the request
	 * asking for this list) is left out.
	 * @param withStacks whether to take the stack of each running task
	 */
	public List<LiveTask> liveTasks(boolean withStacks) {
		return listing(withStacks).tasks();
	}

	/**
	 * The live tasks as {@link #liveTasks(boolean)} lists them, with the number of
	 * queued tasks per executor that were not listed: beyond
	 * {@value #MAX_LISTED_PER_EXECUTOR}, or in a queue too large to be read without
	 * copying it. Reading costs what is listed, not what is queued.
	 * @param withStacks whether to take the stack of each running task
	 */
	public TaskListing listing(boolean withStacks) {
		long now = System.nanoTime();
		List<LiveTask> tasks = runningTasks(withStacks, now);
		Map<String, Integer> notListed = new LinkedHashMap<>();
		for (ExecutorMonitor executor : this.executors.all()) {
			int listed = 0;
			for (Object queued : executor.queueView().queue()) {
				if (listed == MAX_LISTED_PER_EXECUTOR) {
					break;
				}
				if (queued instanceof TrackedTask task && !(queued instanceof Future<?> future && future.isDone())) {
					long dueIn = task.delayNanos();
					TaskState state = (dueIn > 0) ? TaskState.SCHEDULED : TaskState.QUEUED;
					tasks.add(new LiveTask(task.id(), task.name(), executor.name(), state,
							Duration.ofNanos(Math.max(0, now - task.submittedAt())),
							(dueIn > 0) ? Duration.ofNanos(dueIn) : null, null, null, null,
							this.applicationCode.creationFrames(task.creationSite())));
					listed++;
				}
			}
			int unlisted = executor.queueView().queued() - listed;
			if (unlisted > 0) {
				notListed.put(executor.name(), unlisted);
			}
		}
		tasks.sort(Comparator.comparing(LiveTask::age));
		return new TaskListing(tasks, notListed);
	}

	/**
	 * The running tasks only, from the thread slots (no queue is read); the caller's
	 * own task is left out.
	 * @param withStacks whether to take the stack of each running task
	 */
	public List<LiveTask> runningTasks(boolean withStacks) {
		return runningTasks(withStacks, System.nanoTime());
	}

	private List<LiveTask> runningTasks(boolean withStacks, long now) {
		List<LiveTask> tasks = new ArrayList<>();
		Thread caller = Thread.currentThread();
		for (ThreadSlot slot : this.threads.all()) {
			TrackedTask task = slot.running();
			if (task != null && task.executor() != null && slot.thread() != caller) {
				List<String> stack = null;
				if (withStacks) {
					StackTraceElement[] frames = slot.thread().getStackTrace();
					stack = (slot.running() == task) ? StackFrames.render(frames) : List.of();
				}
				tasks.add(new LiveTask(task.id(), task.name(), task.executor().name(), TaskState.RUNNING,
						Duration.ofNanos(Math.max(0, now - task.submittedAt())), null,
						Duration.ofNanos(now - task.startedAt()),
						slot.thread().getName(), stack, this.applicationCode.creationFrames(task.creationSite())));
			}
		}
		return tasks;
	}

	/**
	 * Live tasks, and how many queued tasks per executor were left out of the list.
	 * @param tasks the listed tasks, newest first
	 * @param notListed per executor name, the queued tasks not listed (executors with
	 * none left out are absent)
	 */
	public record TaskListing(List<LiveTask> tasks, Map<String, Integer> notListed) {
	}

}
