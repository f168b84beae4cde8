package dev.asyncloop.architecture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.asyncloop.core.internal.Engine;

import static org.assertj.core.api.Assertions.assertThat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package architecture: the engine is plain JDK, and dependencies point from
 * each package toward the engine, never back.
 */
class ArchitectureTests {

	/** From the engine outward: each package may use only those before it. */
	private static final List<String> LAYERS = List.of("core", "scheduling", "futures", "reactor", "blocking", "tracing",
			"actuate", "autoconfigure");

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

	@Test
	void engineSlicesAreFreeOfCycles() {
		slices().matching("dev.asyncloop.core.(**)").should().beFreeOfCycles().allowEmptyShould(true).check(CLASSES);
	}

	@Test
	void engineInsideKnowsNothingOfItsFacade() {
		noClasses().that()
			.resideInAPackage("dev.asyncloop.core.internal..")
			.and()
			.doNotHaveSimpleName("Engine")
			.and()
			.doNotHaveSimpleName("FindingWindow")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.asyncloop.core.AsyncLoopEngine")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.asyncloop.core.internal.Engine")
			.because("the engine is built on top of its rooms, which never reach back into it")
			.check(CLASSES);
	}

	/**
	 * What users and extenders see is {@code dev.asyncloop.core}; the engine's inside
	 * may change in any release, so no public signature there may name it.
	 */
	@Test
	void theApiNamesNothingOfTheEnginesInside() {
		List<String> leaks = new ArrayList<>();
		for (JavaClass type : apiTypes()) {
			Stream.concat(Stream.ofNullable(type.getSuperclass().orElse(null)), type.getInterfaces().stream())
				.filter(ArchitectureTests::isInternal)
				.forEach((named) -> leaks.add(type.getName() + " extends " + named.getName()));
			for (JavaMember member : type.getMembers()) {
				if (!isApi(member.getModifiers())) {
					continue;
				}
				List<JavaType> named = new ArrayList<>();
				if (member instanceof JavaCodeUnit code) {
					named.add(code.getReturnType());
					named.addAll(code.getParameterTypes());
				}
				else if (member instanceof com.tngtech.archunit.core.domain.JavaField field) {
					named.add(field.getType());
				}
				named.stream()
					.filter(ArchitectureTests::isInternal)
					.forEach((internal) -> leaks.add(member.getFullName() + " names " + internal.getName()));
			}
		}
		assertThat(leaks).isEmpty();
	}

	@Test
	void theApiIsSmall() {
		assertThat(apiTypes()).hasSizeLessThanOrEqualTo(15);
	}

	private static List<JavaClass> apiTypes() {
		return CLASSES.stream()
			.filter((type) -> type.getPackageName().equals("dev.asyncloop.core"))
			.filter((type) -> isApi(type.getModifiers()))
			.filter((type) -> type.getEnclosingClass().map((outer) -> isApi(outer.getModifiers())).orElse(true))
			.toList();
	}

	private static boolean isApi(Set<JavaModifier> modifiers) {
		return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
	}

	private static boolean isInternal(JavaType type) {
		return type.getAllInvolvedRawTypes()
			.stream()
			.anyMatch((raw) -> raw.getPackageName().startsWith("dev.asyncloop.core.internal"));
	}

	@Test
	void roomsKnowNothingOfWhatUsesThem() {
		noClasses().that()
			.haveFullyQualifiedName("dev.asyncloop.core.RuntimeSettings")
			.or()
			.haveFullyQualifiedName("dev.asyncloop.core.internal.InternalErrors")
			.or()
			.haveFullyQualifiedName("dev.asyncloop.core.internal.ExecutorDirectory")
			.or()
			.haveFullyQualifiedName("dev.asyncloop.core.internal.ThreadSlots")
			.should()
			.dependOnClassesThat()
			.haveSimpleNameEndingWith("Watch")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleName("BlockingWaits")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleName("TaskTracking")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleName("Watchdog")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleName("Findings")
			.because("settings, errors, the executor directory and the thread slots are built first and "
					+ "handed to what uses them; nothing is attached to them afterwards")
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
