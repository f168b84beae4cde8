package dev.asyncloop.actuate.dashboard;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The monitor page and its files on a WebFlux server.
 */
public final class ReactiveDashboardRoutes {

	private ReactiveDashboardRoutes() {
	}

	public static RouterFunction<ServerResponse> of(DashboardPage page) {
		return RouterFunctions.route()
			.GET(page.path(), (request) -> ServerResponse.ok()
				.contentType(MediaType.parseMediaType(DashboardPage.HTML))
				.headers((headers) -> DashboardPage.PAGE_HEADERS.forEach(headers::set))
				.bodyValue(page.html()))
			.GET(page.path() + "/{asset}", ReactiveDashboardRoutes::asset)
			.build();
	}

	private static Mono<ServerResponse> asset(ServerRequest request) {
		DashboardPage.Asset asset = DashboardPage.asset(request.pathVariable("asset"));
		if (asset == null) {
			return ServerResponse.notFound().build();
		}
		return ServerResponse.ok()
			.contentType(MediaType.parseMediaType(asset.contentType()))
			.headers((headers) -> DashboardPage.ASSET_HEADERS.forEach(headers::set))
			.bodyValue(asset.content());
	}

}
