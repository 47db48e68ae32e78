package io.cmsai;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The capability boundaries of the main code, checked on the compiled classes (ArchUnit).
 *
 * <p>A capability is a package directly under {@code io.cmsai} ({@code provider}, {@code
 * vectorstore}, {@code indexing}, …). Its root holds the public types other capabilities use; an
 * {@code internal} package belongs to the package that contains it ({@code
 * vectorstore.pgvector.internal} to {@code vectorstore.pgvector}) and is free to change because
 * nothing outside that package uses it. docs/architecture.md explains the rules and the package
 * map.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void import_the_main_classes() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cmsai");
  }

  @Test
  void an_internal_package_is_used_only_inside_the_package_that_contains_it() {
    classes()
        .should(notDependOnAForeignInternalPackage())
        .because("internal/ holds implementations its owner may change at will")
        .check(main);
  }

  @Test
  void platform_depends_on_no_capability() {
    noClasses()
        .that()
        .resideInAPackage("io.cmsai.platform..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.cmsai..").and(resideOutsideOfPackage("io.cmsai.platform..")))
        .because("platform is the bottom layer every capability builds on")
        .check(main);
  }

  @Test
  void the_capabilities_depend_on_each_other_without_cycles() {
    slices().matching("io.cmsai.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void every_package_says_what_it_does_in_a_package_info() throws IOException {
    List<String> missing;
    try (Stream<Path> dirs = Files.walk(Path.of("src/main/java/io/cmsai"))) {
      missing =
          dirs.filter(Files::isDirectory)
              .filter(ArchitectureTest::holdsJavaSource)
              .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
              .map(Path::toString)
              .sorted()
              .toList();
    }

    assertEquals(List.of(), missing, "packages without a package-info.java");
  }

  private static boolean holdsJavaSource(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ArchCondition<JavaClass> notDependOnAForeignInternalPackage() {
    return new ArchCondition<>("not depend on the internal package of another package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          if (isForeignInternal(origin, dependency.getTargetClass())) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /**
   * Whether {@code target} lies in an internal package that {@code origin} is outside of: the owner
   * of {@code a.b.internal.c} is {@code a.b}, and only {@code a.b} and its sub-packages may use it.
   */
  private static boolean isForeignInternal(JavaClass origin, JavaClass target) {
    String targetPackage = target.getBaseComponentType().getPackageName() + ".";
    int at = targetPackage.indexOf(".internal.");
    if (at < 0) {
      return false;
    }
    String owner = targetPackage.substring(0, at);
    String from = origin.getPackageName();
    return !from.equals(owner) && !from.startsWith(owner + ".");
  }
}
