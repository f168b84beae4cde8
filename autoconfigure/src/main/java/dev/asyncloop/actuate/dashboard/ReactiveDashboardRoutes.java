package dev.asyncloop.actuate.dashboard;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The monitor page and its files on a WebFlux server.
 */
public final class ReactiveDashboardRoutes {

	private ReactiveDashboardRoutes() {
	}

	public static RouterFunction<ServerResponse> of(DashboardPage page) {
		HandlerFunction<ServerResponse> handler = (request) -> answer(
				page.response(request.pathVariables().get("file")));
		return RouterFunctions.route().GET(page.path(), handler).GET(page.path() + "/{file}", handler).build();
	}

	private static Mono<ServerResponse> answer(DashboardPage.Response response) {
		if (response == null) {
			return ServerResponse.notFound().build();
		}
		return ServerResponse.ok().headers((headers) -> response.headers().forEach(headers::set)).bodyValue(response.body());
	}

}
