package dev.asyncloop.core.internal;

/**
 * Durations written the way asyncio's debug mode writes them: seconds with three
 * decimals, as in {@code took 2.003 seconds}.
 */
public final class SecondsText {

	private SecondsText() {
	}

	/**
	 * {@code nanos} as seconds with three decimals.
	 */
	public static String of(long nanos) {
		return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
	}

}
