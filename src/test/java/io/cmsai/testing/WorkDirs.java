package io.cmsai.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The ITs' own working directories under {@code target/it-work}. */
public final class WorkDirs {

  private WorkDirs() {}

  /** Deletes {@code root} and everything below it, if it exists (a previous run's leftovers). */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
