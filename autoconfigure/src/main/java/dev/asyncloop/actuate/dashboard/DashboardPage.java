package dev.asyncloop.actuate.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.asyncloop.core.internal.ApplicationCode;

/**
 * The live loop monitor: one HTML page and the few files it loads, all from the class
 * path, served at {@link #path()}. The page reads everything it shows from the
 * asyncloop actuator endpoint, so it has no data of its own and the endpoint's access
 * rules apply to what it shows. Framework-neutral: the servlet and reactive routes only
 * hand out what this class holds.
 */
public final class DashboardPage {

	/** The version of the uPlot WebJar the page draws its charts with. */
	public static final String UPLOT_VERSION = "1.6.30";

	/**
	 * The page loads nothing from anywhere but its own server: no CDN, no fonts, no
	 * beacons. Works offline and says so to the browser.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
			+ "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'self'; form-action 'none'";

	/** Headers of the page: never cached (it names paths), and the policy above. */
	private static final Map<String, String> PAGE_HEADERS = Map.of("Content-Type", "text/html;charset=UTF-8",
			"Content-Security-Policy", CONTENT_SECURITY_POLICY, "Cache-Control", "no-store",
			"X-Content-Type-Options", "nosniff");

	private static final String BASE = "dev/asyncloop/actuate/dashboard/";

	private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

	private static final Map<String, Asset> ASSETS = Map.of(
			"dashboard.js", new Asset(BASE + "dashboard.js", "text/javascript"),
			"dashboard.css", new Asset(BASE + "dashboard.css", "text/css"),
			"uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript"),
			"uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css"));

	private final String path;

	private final byte[] html;

	/**
	 * The page at {@code path} (such as {@code /asyncloop}), reading the endpoint at
	 * {@code endpointPath} (such as {@code /actuator/asyncloop}) of the same server.
	 * Both paths are relative to the server's context path; the page refers to the
	 * endpoint and to its files by relative URLs, so it works under any context path
	 * and on a separate management server alike. {@code applicationCode} tells the page
	 * which frames are the application's, so that it cuts stacks as the log does.
	 */
	public DashboardPage(String path, String endpointPath, ApplicationCode applicationCode) {
		this.path = path;
		String toRoot = "../".repeat(segments(path) - 1);
		String template = new String(read(BASE + "index.html"), StandardCharsets.UTF_8);
		this.html = template.replace("{{endpoint}}", attribute(toRoot + endpointPath.substring(1)))
			.replace("{{assets}}", attribute(path.substring(path.lastIndexOf('/') + 1)))
			.replace("{{application}}", attribute(String.join(",", applicationCode.packages())))
			.replace("{{frameworks}}", attribute(String.join(",", ApplicationCode.frameworks())))
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Where the page is served, relative to the server's context path.
	 */
	public String path() {
		return this.path;
	}

	/**
	 * What to answer for the page ({@code file} is {@code null}) or for one of its files,
	 * by name; {@code null} for any other name. The servlet and reactive routes answer it
	 * as it is.
	 */
	public Response response(String file) {
		if (file == null) {
			return new Response(this.html.clone(), PAGE_HEADERS);
		}
		Asset asset = ASSETS.get(file);
		return (asset != null) ? new Response(asset.content(), asset.headers()) : null;
	}

	/**
	 * Whether every file the page needs is on the class path.
	 */
	public static boolean assetsPresent() {
		ClassLoader loader = DashboardPage.class.getClassLoader();
		return ASSETS.values().stream().allMatch((asset) -> loader.getResource(asset.resource()) != null);
	}

	private static int segments(String path) {
		return (int) path.chars().filter((c) -> c == '/').count();
	}

	private static String attribute(String value) {
		return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static byte[] read(String resource) {
		try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing class path resource " + resource);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An answer: the body, and its headers (its content type among them).
	 */
	public record Response(byte[] body, Map<String, String> headers) {

	}

	/**
	 * A file of the page: where it is on the class path, and its media type.
	 */
	private record Asset(String resource, String contentType) {

		byte[] content() {
			return read(this.resource);
		}

		/**
		 * Revalidated, so that an upgrade shows at once.
		 */
		Map<String, String> headers() {
			return Map.of("Content-Type", this.contentType, "Cache-Control", "no-cache", "X-Content-Type-Options",
					"nosniff");
		}

	}

}
