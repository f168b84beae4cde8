package dev.asyncloop.blocking;

import java.util.List;

import dev.asyncloop.core.internal.ApplicationCode;

/**
 * Names a blocking call the way a person wrote it: {@code java.lang.Thread.sleep},
 * {@code java.util.concurrent.CountDownLatch.await}, {@code reactor.core.publisher.Mono.block}.
 * For a wait deep in the JDK the name is the library method the application called:
 * scanning the stack outward from the innermost frame, the last library frame before
 * the first application frame.
 */
final class BlockingCallNames {

	private BlockingCallNames() {
	}

	/**
	 * @param eventType the JFR event type, for example {@code jdk.ThreadPark}
	 * @param frames the stack, innermost first, as {@code Class.method}
	 * @param detail what the event adds (the monitor's class, the socket's address), or {@code null}
	 */
	static String name(String eventType, List<String> frames, String detail, ApplicationCode code) {
		switch (eventType) {
			case "jdk.ThreadSleep":
				return "java.lang.Thread.sleep";
			case "jdk.JavaMonitorWait":
				return "java.lang.Object.wait";
			case "jdk.JavaMonitorEnter":
				return "synchronized" + ((detail != null) ? " (" + detail + ")" : "");
			case "jdk.VirtualThreadPinned":
				return "virtual thread pinned" + ((detail != null) ? " in " + detail : "");
			default:
				String api = calledApi(frames, code);
				if (api != null) {
					return api;
				}
				return switch (eventType) {
					case "jdk.ThreadPark" -> "java.util.concurrent.locks.LockSupport.park";
					case "jdk.SocketRead" -> "socket read";
					case "jdk.SocketWrite" -> "socket write";
					case "jdk.FileRead" -> "file read";
					case "jdk.FileWrite" -> "file write";
					default -> eventType;
				};
		}
	}

	private static String calledApi(List<String> frames, ApplicationCode code) {
		String lastLibrary = null;
		for (String frame : frames) {
			if (code.isApplication(frame + "()")) {
				return lastLibrary;
			}
			lastLibrary = frame;
		}
		return null;
	}

}
