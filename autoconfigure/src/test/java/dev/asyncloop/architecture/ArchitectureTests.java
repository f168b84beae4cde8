package dev.asyncloop.architecture;

import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package architecture: the engine is plain JDK, and dependencies point from
 * each package toward the engine, never back.
 */
class ArchitectureTests {

	/** From the engine outward: each package may use only those before it. */
	private static final List<String> LAYERS = List.of("core", "scheduling", "futures", "reactor", "blocking", "actuate",
			"autoconfigure", "test");

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.asyncloop");

	@Test
	void engineUsesOnlyTheJdk() {
		classes().that()
			.resideInAPackage("dev.asyncloop.core..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("dev.asyncloop.core..", "java..", "jdk.jfr..")
			.check(CLASSES);
	}

	@ParameterizedTest
	@MethodSource("layers")
	void dependenciesPointTowardTheEngine(String layer) {
		String[] outer = LAYERS.subList(LAYERS.indexOf(layer) + 1, LAYERS.size())
			.stream()
			.map((name) -> "dev.asyncloop." + name + "..")
			.toArray(String[]::new);
		if (outer.length == 0) {
			return;
		}
		noClasses().that()
			.resideInAPackage("dev.asyncloop." + layer + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(outer)
			.because("arrows point toward dev.asyncloop.core; " + layer + " may not use " + Arrays.toString(outer))
			.allowEmptyShould(true)
			.check(CLASSES);
	}

	static List<String> layers() {
		return LAYERS;
	}

}
