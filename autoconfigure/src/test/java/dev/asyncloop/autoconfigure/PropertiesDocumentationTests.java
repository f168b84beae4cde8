package dev.asyncloop.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property tables of {@code docs/properties.md} list exactly the properties of the
 * metadata the configuration processor generates from {@link AsyncLoopProperties} and
 * {@link AsyncLoopEndpointProperties}, with the same defaults: a property added, renamed
 * or given another default without its row fails here.
 */
class PropertiesDocumentationTests {

	private static final List<String> PREFIXES = List.of("asyncloop.", "management.endpoint.asyncloop.");

	private static final String DOCS = "docs/properties.md";

	private static Map<String, JsonNode> metadata;

	private static Map<String, Row> documented;

	@BeforeAll
	static void read() throws IOException {
		metadata = metadata();
		documented = documented(docs());
	}

	@Test
	void everyPropertyOfTheMetadataIsDocumented() {
		assertThat(documented.keySet()).as("rows of " + DOCS).containsAll(metadata.keySet());
	}

	@Test
	void everyDocumentedPropertyIsInTheMetadata() {
		assertThat(metadata.keySet()).as("properties of the metadata").containsAll(documented.keySet());
	}

	@Test
	void documentedDefaultsAreTheMetadatasDefaults() {
		List<String> wrong = new ArrayList<>();
		metadata.forEach((name, property) -> {
			JsonNode defaultValue = property.get("defaultValue");
			Row row = documented.get(name);
			if (defaultValue == null || defaultValue.isNull() || row == null) {
				return; // no default to compare, or reported by the test of names
			}
			String expected = defaultValue.isString() ? defaultValue.asString() : defaultValue.toString();
			if (!sameDefault(property.path("type").asString(), expected, row.defaultValue())) {
				wrong.add(name + ": documented '" + row.defaultValue() + "', metadata '" + expected + "'");
			}
		});
		assertThat(wrong).as("defaults in " + DOCS).isEmpty();
	}

	@Test
	void documentedRangesAreTheValidatorsRanges() {
		assertThat(documented.get("asyncloop.journal-size").meaning())
			.contains("from 1 to " + AsyncLoopProperties.MAX_JOURNAL_SIZE);
		assertThat(documented.get("asyncloop.loop.threads").meaning())
			.contains("from 1 to " + AsyncLoopProperties.MAX_LOOP_THREADS);
	}

	@Test
	void everyPropertyOfTheMetadataHasADescription() {
		metadata.forEach((name, property) -> assertThat(property.path("description").asString()).as(name)
			.isNotBlank()
			.doesNotContain("{@"));
	}

	/**
	 * Whether the documented default, a single value in backquotes, is the metadata's;
	 * durations are compared as durations ({@code 0} and {@code 0s} are the same).
	 */
	private static boolean sameDefault(String type, String expected, String documented) {
		if (!documented.matches("`[^`]*`")) {
			return false; // prose, where the metadata has a value
		}
		String value = documented.substring(1, documented.length() - 1);
		if (Duration.class.getName().equals(type)) {
			return DurationStyle.detectAndParse(value).equals(DurationStyle.detectAndParse(expected));
		}
		return value.equals(expected);
	}

	private static Map<String, JsonNode> metadata() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		List<URL> files = Collections.list(PropertiesDocumentationTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"));
		for (URL file : files) {
			try (InputStream in = file.openStream()) {
				for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (isChecked(name)) {
						properties.put(name, property);
					}
				}
			}
		}
		assertThat(properties).as("asyncloop's properties in the generated metadata").containsKey("asyncloop.enabled");
		return properties;
	}

	/**
	 * The rows of the docs' tables whose first cell names a checked property.
	 */
	private static Map<String, Row> documented(List<String> lines) {
		Map<String, Row> rows = new TreeMap<>();
		for (String line : lines) {
			if (!line.startsWith("| `")) {
				continue;
			}
			String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", 3);
			String name = cells[0].strip().replace("`", "");
			if (isChecked(name)) {
				assertThat(rows).as("rows of " + name + " in " + DOCS).doesNotContainKey(name);
				rows.put(name, new Row(cells[1].strip(), cells[2].strip()));
			}
		}
		return rows;
	}

	private static boolean isChecked(String name) {
		return PREFIXES.stream().anyMatch(name::startsWith);
	}

	/**
	 * {@code docs/properties.md} of the project, wherever the tests run from: the
	 * module's directory (Maven) or the project's (an IDE).
	 */
	private static List<String> docs() throws IOException {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path docs = dir.resolve(DOCS);
			if (Files.isRegularFile(docs)) {
				return Files.readAllLines(docs);
			}
		}
		throw new IllegalStateException(DOCS + " not found above " + Path.of("").toAbsolutePath());
	}

	private record Row(String defaultValue, String meaning) {

	}

}
