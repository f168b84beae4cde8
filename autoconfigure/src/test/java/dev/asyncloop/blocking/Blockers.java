package dev.asyncloop.blocking;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Each way of blocking a thread the detector must catch, for about {@link #BLOCK_MILLIS}.
 * A blocker that needs a second party (a lock holder, a slow writer) brings it along.
 */
enum Blockers {

	SLEEP("java.lang.Thread.sleep") {
		@Override
		void block() throws Exception {
			Thread.sleep(BLOCK_MILLIS);
		}
	},

	SOCKET_READ("read") {
		@Override
		void block() throws Exception {
			try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
					Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
					Socket silent = server.accept()) {
				// The server never answers; it hangs up after a while, so that the read ends.
				// (A read ended by SO_TIMEOUT is no JFR event from Java 22 on.)
				CompletableFuture<Void> hangUp = CompletableFuture.runAsync(() -> {
					sleepQuietly();
					try {
						silent.close();
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				});
				client.setSoTimeout(5000);
				try (InputStream in = client.getInputStream()) {
					in.read();
				}
				hangUp.get(5, TimeUnit.SECONDS);
			}
		}
	},

	FILE_READ("read") {
		@Override
		void block() throws Exception {
			Path pipe = Files.createTempDirectory("asyncloop-fifo").resolve("pipe");
			Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
			if (!mkfifo.waitFor(5, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
				throw new IllegalStateException("mkfifo is needed for this case");
			}
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try (OutputStream out = new FileOutputStream(pipe.toFile())) {
					Thread.sleep(BLOCK_MILLIS);
					out.write(1);
				}
				catch (IOException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			try (InputStream in = new FileInputStream(pipe.toFile())) {
				in.read();
			}
			writer.get(5, TimeUnit.SECONDS);
			Files.deleteIfExists(pipe);
		}
	},

	SYNCHRONIZED("synchronized") {
		@Override
		void block() throws Exception {
			Object monitor = new Object();
			CountDownLatch held = new CountDownLatch(1);
			CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
				synchronized (monitor) {
					held.countDown();
					sleepQuietly();
				}
			});
			held.await();
			synchronized (monitor) {
				monitor.hashCode();
			}
			holder.get(5, TimeUnit.SECONDS);
		}
	},

	OBJECT_WAIT("java.lang.Object.wait") {
		@Override
		void block() throws Exception {
			Object monitor = new Object();
			synchronized (monitor) {
				monitor.wait(BLOCK_MILLIS);
			}
		}
	},

	FUTURE_GET("java.util.concurrent.CompletableFuture.get") {
		@Override
		void block() throws Exception {
			try {
				new CompletableFuture<>().get(BLOCK_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException expected) {
				// Nobody completes it: the wait lasted the whole timeout.
			}
		}
	},

	LATCH_AWAIT("java.util.concurrent.CountDownLatch.await") {
		@Override
		void block() throws Exception {
			new CountDownLatch(1).await(BLOCK_MILLIS, TimeUnit.MILLISECONDS);
		}
	},

	LOCK("java.util.concurrent.locks.ReentrantLock.lock") {
		@Override
		void block() throws Exception {
			ReentrantLock lock = new ReentrantLock();
			CountDownLatch held = new CountDownLatch(1);
			CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
				lock.lock();
				try {
					held.countDown();
					sleepQuietly();
				}
				finally {
					lock.unlock();
				}
			});
			held.await();
			lock.lock();
			lock.unlock();
			holder.get(5, TimeUnit.SECONDS);
		}
	};

	static final int BLOCK_MILLIS = 300;

	private final String call;

	Blockers(String call) {
		this.call = call;
	}

	/**
	 * What the reported call contains.
	 */
	String call() {
		return this.call;
	}

	abstract void block() throws Exception;

	private static void sleepQuietly() {
		try {
			Thread.sleep(BLOCK_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
