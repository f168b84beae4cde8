package dev.asyncloop.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Netty's access records of a leaked buffer, read: where it was created, where it was
 * touched, and the request noted when it was tracked. Each record is a
 * {@code #n:} or {@code Created at:} line, an optional tab-indented {@code Hint:}
 * line, then one tab-indented frame per line, innermost first.
 *
 * @param createdAt where it was allocated, innermost frame first
 * @param accesses where it was touched, newest first, each innermost frame first
 * @param request the request served when it was allocated, or {@code null}
 * @param traceId the trace of that request, or {@code null}
 * @param spanId the span of that request, or {@code null}
 */
record LeakRecords(List<String> createdAt, List<List<String>> accesses, String request, String traceId,
		String spanId) {

	private static final String HINT = "\tHint: ";

	static LeakRecords parse(String records) {
		List<String> createdAt = new ArrayList<>();
		List<List<String>> accesses = new ArrayList<>();
		ReportingLeakDetector.ServedHint served = null;
		List<String> current = null;
		for (String line : records.split("\\R")) {
			if (line.equals("Created at:")) {
				current = createdAt;
			}
			else if (line.startsWith("#") && line.endsWith(":")) {
				current = new ArrayList<>();
				accesses.add(current);
			}
			else if (line.startsWith(HINT)) {
				String hint = line.substring(HINT.length());
				if (current == createdAt && served == null) {
					served = ReportingLeakDetector.ServedHint.parse(hint);
				}
			}
			else if (line.startsWith("\t") && current != null) {
				current.add(frame(line.substring(1)));
			}
		}
		return new LeakRecords(fromCaller(createdAt), accesses.stream().map(LeakRecords::fromCaller).toList(),
				(served != null) ? served.request() : null, (served != null) ? served.traceId() : null,
				(served != null) ? served.spanId() : null);
	}

	/**
	 * Where it was last touched by a frame {@code matching}, else where it was last
	 * touched at all; empty if never.
	 */
	List<String> lastAccess(Predicate<String> matching) {
		for (List<String> access : this.accesses) {
			if (access.stream().anyMatch(matching)) {
				return access;
			}
		}
		return this.accesses.isEmpty() ? List.of() : this.accesses.get(0);
	}

	/**
	 * Whether a frame where it was allocated or touched is {@code matching}.
	 */
	boolean anyFrame(Predicate<String> matching) {
		return this.createdAt.stream().anyMatch(matching)
				|| this.accesses.stream().anyMatch((access) -> access.stream().anyMatch(matching));
	}

	/**
	 * {@code frames} from the first that is neither Netty's buffer and leak-tracking
	 * machinery nor asyncloop's detector: where the application (or the framework
	 * working for it) called in.
	 */
	private static List<String> fromCaller(List<String> frames) {
		int from = 0;
		while (from < frames.size() - 1 && isMachinery(frames.get(from))) {
			from++;
		}
		return frames.subList(from, frames.size());
	}

	private static boolean isMachinery(String frame) {
		return frame.startsWith("io.netty.buffer.") || frame.startsWith("io.netty.util.")
				|| frame.startsWith(ReportingLeakDetector.class.getName() + ".");
	}

	/**
	 * A frame as {@code StackTraceElement.toString()} writes it, without the class
	 * loader and module it names first ({@code app//}, {@code java.base@17/}).
	 */
	private static String frame(String element) {
		int call = element.indexOf('(');
		int prefix = element.lastIndexOf('/', (call >= 0) ? call : element.length());
		return element.substring(prefix + 1);
	}

}
