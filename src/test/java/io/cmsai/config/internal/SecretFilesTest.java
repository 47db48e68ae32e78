package io.cmsai.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.LogRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets directory: atomic owner-only writes, deletes, and links that stay inside. */
class SecretFilesTest {

  private static final String SECRET = "sk-console-secret-4711";

  @TempDir Path temp;

  private Path dir;
  private SecretFiles files;

  @BeforeEach
  void create() {
    dir = temp.resolve("data/secrets");
    files = new SecretFiles(dir);
  }

  @Test
  void a_written_value_is_owner_only_in_an_owner_only_directory_and_reads_back()
      throws IOException {
    files.write("llm.key", SECRET);

    Path file = dir.resolve("llm.key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals(SECRET, Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(Optional.of(SECRET), files.read("llm.key"));
    assertEquals(List.of("llm.key"), entries());
  }

  @Test
  void writing_again_replaces_the_value_and_leaves_no_temporary_file() throws IOException {
    files.write("llm.key", SECRET);
    files.write("llm.key", "sk-replaced-0815");

    assertEquals(Optional.of("sk-replaced-0815"), files.read("llm.key"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("llm.key"))));
    assertEquals(List.of("llm.key"), entries());
  }

  @Test
  void a_value_replaces_a_link_of_that_name_without_touching_its_target() throws IOException {
    Files.createDirectories(dir);
    Path target = Files.writeString(dir.resolve("target.txt"), "old", StandardCharsets.UTF_8);
    Files.createSymbolicLink(dir.resolve("llm.key"), target);

    files.write("llm.key", SECRET);

    assertFalse(Files.isSymbolicLink(dir.resolve("llm.key")));
    assertEquals("old", Files.readString(target, StandardCharsets.UTF_8));
    assertEquals(Optional.of(SECRET), files.read("llm.key"));
  }

  @Test
  void delete_removes_the_value_and_says_whether_there_was_one() throws IOException {
    files.write("llm.key", SECRET);

    assertTrue(files.delete("llm.key"));
    assertFalse(files.delete("llm.key"));
    assertEquals(Optional.empty(), files.read("llm.key"));
    assertEquals(List.of(), entries());
  }

  @Test
  void a_link_out_of_the_directory_is_ignored_and_logged_once() throws IOException {
    Files.createDirectories(dir);
    Path outside = Files.writeString(temp.resolve("hostname"), "vm", StandardCharsets.UTF_8);
    Files.createSymbolicLink(dir.resolve("linked.hostname"), outside);
    Files.createSymbolicLink(dir.resolve("relative.hostname"), Path.of("../../hostname"));
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new LogRecords(records);
    Logger logger = Logger.getLogger(SecretFiles.class.getName());
    logger.addHandler(handler);
    try {
      assertEquals(Optional.empty(), files.read("linked.hostname"));
      assertEquals(Optional.empty(), files.read("linked.hostname"));
      assertEquals(Optional.empty(), files.read("relative.hostname"));
      assertEquals(List.of(), files.names(name -> true));
    } finally {
      logger.removeHandler(handler);
    }

    assertEquals(2, records.size(), records.toString());
    assertTrue(records.get(0).getMessage().contains("outside the secrets directory"));
  }

  @Test
  void the_kubernetes_secret_volume_layout_of_links_inside_the_directory_works()
      throws IOException {
    Path version = Files.createDirectories(dir.resolve("..2026_12_07_10_00_00.123456"));
    Files.writeString(version.resolve("llm.key"), SECRET + "\n", StandardCharsets.UTF_8);
    Files.createSymbolicLink(dir.resolve("..data"), version.getFileName());
    Files.createSymbolicLink(dir.resolve("llm.key"), Path.of("..data/llm.key"));

    assertEquals(Optional.of(SECRET), files.read("llm.key"));
    assertEquals(List.of("llm.key"), files.names(name -> !name.startsWith(".")));
  }

  @Test
  void a_secrets_directory_that_is_itself_a_link_still_reads_its_files() throws IOException {
    Path real = Files.createDirectories(temp.resolve("mounted"));
    Files.writeString(real.resolve("llm.key"), SECRET, StandardCharsets.UTF_8);
    Files.createDirectories(dir.getParent());
    Files.createSymbolicLink(dir, real);

    assertEquals(Optional.of(SECRET), files.read("llm.key"));
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }
}
