package io.cmsai.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Short news, help, recipe, code and emoji texts in many languages and scripts (written for these
 * tests), under {@code src/test/resources/io/cmsai/text-samples}.
 */
public final class TextSamples {

  /** The sample names (file names without {@code .txt}). */
  public static final List<String> NAMES =
      List.of(
          "en", "en2", "fr", "de", "de2", "nl", "es", "pl", "el", "ru", "ar", "hi", "th", "zh",
          "zh-tw", "ja", "ja2", "ko", "code", "emoji", "mixed");

  private TextSamples() {}

  /** The text of sample {@code name}. */
  public static String text(String name) {
    String resource = "/io/cmsai/text-samples/" + name + ".txt";
    try (InputStream in = TextSamples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All samples, one after the other, separated by blank lines. */
  public static String all() {
    StringBuilder all = new StringBuilder();
    for (String name : NAMES) {
      all.append(text(name).strip()).append("\n\n");
    }
    return all.toString();
  }
}
