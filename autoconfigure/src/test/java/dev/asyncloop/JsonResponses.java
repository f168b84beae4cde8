package dev.asyncloop;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The JSON a request answers, read as a client of the endpoint reads it.
 */
public final class JsonResponses {

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	private JsonResponses() {
	}

	/**
	 * The JSON object {@code request} answers, which must answer 200 OK.
	 */
	public static Map<String, Object> ok(WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange().expectStatus().isOk().expectBody(OBJECT).returnResult().getResponseBody();
	}

	/**
	 * The array {@code name} of the JSON object {@code request} answers, which must
	 * answer 200 OK.
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> list(WebTestClient.RequestHeadersSpec<?> request, String name) {
		return (List<Map<String, Object>>) ok(request).get(name);
	}

}
