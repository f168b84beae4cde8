package dev.asyncloop.actuate.dashboard;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The monitor page and its files on a servlet (Spring MVC) server.
 */
public final class ServletDashboardRoutes {

	private ServletDashboardRoutes() {
	}

	public static RouterFunction<ServerResponse> of(DashboardPage page) {
		return RouterFunctions.route()
			.GET(page.path(), (request) -> ServerResponse.ok()
				.contentType(MediaType.parseMediaType(DashboardPage.HTML))
				.headers((headers) -> DashboardPage.PAGE_HEADERS.forEach(headers::set))
				.body(page.html()))
			.GET(page.path() + "/{asset}", ServletDashboardRoutes::asset)
			.build();
	}

	private static ServerResponse asset(ServerRequest request) {
		DashboardPage.Asset asset = DashboardPage.asset(request.pathVariable("asset"));
		if (asset == null) {
			return ServerResponse.notFound().build();
		}
		return ServerResponse.ok()
			.contentType(MediaType.parseMediaType(asset.contentType()))
			.headers((headers) -> DashboardPage.ASSET_HEADERS.forEach(headers::set))
			.body(asset.content());
	}

}
