package com.example.uploads;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small WebFlux application that handles raw request bodies and scratch buffers, as
 * an upload service would: half of its handlers forget to release what they hold.
 */
@SpringBootApplication
public class UploadsApplication {

	@RestController
	static class UploadsController {

		/** Joins the body into one buffer and reads it; the buffer is never released. */
		@PostMapping("/uploads/joined")
		Mono<String> joined(ServerHttpRequest request) {
			return DataBufferUtils.join(request.getBody()).map((body) -> {
				byte[] bytes = new byte[body.readableByteCount()];
				body.read(bytes);
				return "received " + bytes.length + " bytes";
			});
		}

		/** The same, releasing the joined buffer once read. */
		@PostMapping("/uploads/released")
		Mono<String> released(ServerHttpRequest request) {
			return DataBufferUtils.join(request.getBody()).map((body) -> {
				try {
					byte[] bytes = new byte[body.readableByteCount()];
					body.read(bytes);
					return "received " + bytes.length + " bytes";
				}
				finally {
					DataBufferUtils.release(body);
				}
			});
		}

		/** Builds a checksum line in a scratch buffer and drops it. */
		@GetMapping("/scratch/dropped")
		String dropped(ServerHttpResponse response) {
			return "checksum " + checksum(response.bufferFactory().allocateBuffer(512));
		}

		/** The same, with the scratch buffer released. */
		@GetMapping("/scratch/released")
		String released(ServerHttpResponse response) {
			DataBuffer scratch = response.bufferFactory().allocateBuffer(512);
			try {
				return "checksum " + checksum(scratch);
			}
			finally {
				DataBufferUtils.release(scratch);
			}
		}

		private static int checksum(DataBuffer scratch) {
			scratch.write("upload-manifest", StandardCharsets.UTF_8);
			int sum = 0;
			while (scratch.readableByteCount() > 0) {
				sum += scratch.read();
			}
			return sum;
		}

	}

}
