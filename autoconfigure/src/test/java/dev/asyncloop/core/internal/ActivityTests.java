package dev.asyncloop.core.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a stack tells warm-up from the application's own doing.
 */
class ActivityTests {

	private final ApplicationCode code = ApplicationCode.inPackages(List.of("com.example"));

	@Test
	void loadingClassesIsWarmingUpWhereverTheApplicationCalledFrom() {
		assertThat(activity(frame("java.lang.ClassLoader", "defineClass1"), frame("java.lang.ClassLoader", "loadClass"),
				frame("com.example.Handler", "handle"))).isEqualTo(Activity.WARMING_UP);
		assertThat(activity(frame("java.util.zip.ZipFile$Source", "readFullyAt"),
				frame("jdk.internal.loader.BuiltinClassLoader", "loadClassOrNull"), frame("com.example.Handler", "handle")))
			.isEqualTo(Activity.WARMING_UP);
	}

	@Test
	void aStaticInitialiserIsWarmingUpEvenWhenItReadsOrWaits() {
		assertThat(activity(frame("java.io.FileInputStream", "readBytes"), frame("java.net.IDN", "<clinit>"),
				frame("io.netty.handler.codec.http.HttpObjectEncoder", "encode"))).isEqualTo(Activity.WARMING_UP);
	}

	@Test
	void introspectingAndLinkingIsWarmingUp() {
		assertThat(activity(frame("java.lang.Class", "getDeclaredMethods0"),
				frame("tools.jackson.databind.introspect.AnnotatedMethodCollector", "collect")))
			.isEqualTo(Activity.WARMING_UP);
		assertThat(activity(frame("java.lang.invoke.MethodHandleNatives", "linkCallSite"),
				frame("com.example.Handler", "handle"))).isEqualTo(Activity.WARMING_UP);
	}

	@Test
	void sleepingOrWaitingInTheApplicationsCodeIsTheApplications() {
		assertThat(activity(frame("java.lang.Thread", "sleep"), frame("com.example.Handler", "handle")))
			.isEqualTo(Activity.APPLICATION);
		assertThat(activity(frame("jdk.internal.misc.Unsafe", "park"),
				frame("java.util.concurrent.CompletableFuture", "get"), frame("com.example.Handler", "handle")))
			.isEqualTo(Activity.APPLICATION);
	}

	@Test
	void frameworkCodeAloneIsTheFrameworks() {
		assertThat(activity(frame("reactor.core.publisher.Mono", "checkpoint"),
				frame("org.springframework.web.reactive.DispatcherHandler", "handleResult"),
				frame("io.netty.channel.nio.NioEventLoop", "run"))).isEqualTo(Activity.FRAMEWORK);
	}

	@Test
	void anEventLoopWaitingForWorkIsIdle() {
		assertThat(activity(frame("io.netty.channel.epoll.Native", "epollWait0"),
				frame("io.netty.channel.epoll.Native", "epollWait"),
				frame("io.netty.channel.epoll.EpollIoHandler", "epollWait"),
				frame("io.netty.channel.epoll.EpollIoHandler", "run"))).isEqualTo(Activity.IDLE);
	}

	private Activity activity(StackTraceElement... stack) {
		return Activity.of(stack, this.code);
	}

	static StackTraceElement frame(String type, String method) {
		return new StackTraceElement(type, method, type.substring(type.lastIndexOf('.') + 1) + ".java", 1);
	}

}
