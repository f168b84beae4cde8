package dev.asyncloop.actuate.dashboard;

import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The monitor page and its files on a servlet (Spring MVC) server.
 */
public final class ServletDashboardRoutes {

	private ServletDashboardRoutes() {
	}

	public static RouterFunction<ServerResponse> of(DashboardPage page) {
		HandlerFunction<ServerResponse> handler = (request) -> answer(
				page.response(request.pathVariables().get("file")));
		return RouterFunctions.route().GET(page.path(), handler).GET(page.path() + "/{file}", handler).build();
	}

	private static ServerResponse answer(DashboardPage.Response response) {
		if (response == null) {
			return ServerResponse.notFound().build();
		}
		return ServerResponse.ok().headers((headers) -> response.headers().forEach(headers::set)).body(response.body());
	}

}
