package io.cmsai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules for the main code that the compiler cannot check. */
class SourceRulesTest {

  private static final Pattern JSON_FACTORY = Pattern.compile("(?<![\\w.])Json\\.create");

  @Test
  void main_code_uses_the_cached_json_provider_not_the_json_factory_methods() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(SourceRulesTest::usesJsonFactory)
              .map(Path::toString)
              .toList();
    }

    assertEquals(
        List.of(), offenders, "use io.cmsai.platform.Jsons.JSON (see its Javadoc for why)");
  }

  private static boolean usesJsonFactory(Path file) {
    try {
      return JSON_FACTORY.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
