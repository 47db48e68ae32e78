package io.cmsai.config.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The secrets directory: one secret per file, named like its key reference, the value being the
 * file's text without surrounding whitespace (the Kubernetes secret-volume layout).
 *
 * <ul>
 *   <li><b>Reading</b> follows symbolic links only while they stay inside the directory: a file
 *       whose real path ({@link Path#toRealPath}) lies outside the directory's real path is ignored
 *       and logged once (the Kubernetes layout {@code name -> ..data/name}, {@code ..data ->
 *       ..2026_…} stays inside and works). Files over {@value #MAX_FILE_BYTES} bytes, directories
 *       and empty files do not count.
 *   <li><b>Writing</b> is atomic: the value goes to a temporary file in the same directory, created
 *       with mode {@code 0600} (never readable by others, not even for an instant), forced to disk
 *       and moved over the target with {@code ATOMIC_MOVE}. The directory is created with mode
 *       {@code 0700}. Readers see the old value or the new one, never a part.
 * </ul>
 *
 * <p>Values are never logged. Thread-safe (writers rely on the atomic move).
 */
public final class SecretFiles {

  /** The largest secret file that is read. */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private static final Logger LOG = Logger.getLogger(SecretFiles.class.getName());
  private static final String TEMP_PREFIX = ".tmp-";
  private static final int MAX_WARNED = 256;

  private final Path dir;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** Over {@code dir} (which need not exist yet). */
  public SecretFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** The directory. */
  public Path directory() {
    return dir;
  }

  /** The file a name is kept in (whether or not it exists). */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** The secret kept under {@code name}, if there is a usable file for it inside the directory. */
  public Optional<String> read(String name) {
    return usable(file(name))
        .flatMap(
            real -> {
              try {
                String value = Files.readString(real, StandardCharsets.UTF_8).strip();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
              } catch (IOException | UncheckedIOException e) {
                return Optional.empty();
              }
            });
  }

  /** The names of the usable files whose names pass {@code valid}, sorted. */
  public List<String> names(Predicate<String> valid) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> valid.test(p.getFileName().toString()))
          .filter(p -> usable(p).isPresent())
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the secrets directory " + dir, e);
    }
  }

  /**
   * Writes {@code value} as the secret {@code name}, atomically, replacing any earlier file or
   * symbolic link of that name.
   *
   * @throws UncheckedIOException when the directory or the file cannot be written (the message
   *     names the file, never the value)
   */
  public void write(String name, String value) {
    Path target = file(name);
    Path temp = null;
    try {
      createDirectory();
      temp = Files.createTempFile(dir, TEMP_PREFIX, ".part", ownerOnly("rw-------"));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      move(temp, target);
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the secret file " + target + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Deletes the file (or the symbolic link itself, never its target) kept under {@code name}.
   *
   * @return whether there was one
   * @throws UncheckedIOException when it cannot be deleted
   */
  public boolean delete(String name) {
    Path target = file(name);
    try {
      return Files.deleteIfExists(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the secret file " + target + ": " + e, e);
    }
  }

  /** The real path of {@code file} when it is a readable secret inside the directory. */
  private Optional<Path> usable(Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(dir.toRealPath())) {
        warnOnce(file, real);
        return Optional.empty();
      }
      if (!Files.isRegularFile(real) || Files.size(real) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      return Optional.of(real);
    } catch (IOException e) {
      return Optional.empty(); // a dangling link, or a file removed meanwhile
    }
  }

  private void warnOnce(Path file, Path real) {
    if (warned.size() < MAX_WARNED && warned.add(file.getFileName().toString())) {
      LOG.warning(
          () ->
              "ignoring the secret file "
                  + file
                  + ": it is a symbolic link to "
                  + real
                  + ", outside the secrets directory "
                  + dir
                  + " (links may only point inside it, as in a Kubernetes secret volume)");
    }
  }

  private void createDirectory() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, ownerOnly("rwx------"));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created meanwhile by another writer
      }
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot replace files atomically", e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> set = PosixFilePermissions.fromString(permissions);
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(set)};
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.warning(() -> "cannot delete the temporary file " + temp + ": " + e);
      }
    }
  }
}
