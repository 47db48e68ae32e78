package io.cmsai.testing;

import io.cmsai.embeddings.LocalEmbeddingModel;
import io.cmsai.embeddings.TokenCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One in-process MiniLM model for all unit tests of a test JVM. DJL unpacks its native tokenizer
 * library once per JVM, into the directory of whichever model loads first, so the tests that load
 * the model or its tokenizer share this one (and its directory). Never close it.
 */
public final class LocalModels {

  private LocalModels() {}

  /** The shared model, created on first use (loading is left to the first embed or count). */
  public static LocalEmbeddingModel shared() {
    return Holder.MODEL;
  }

  /** The shared model's exact token counter. */
  public static TokenCounter miniLmCounter() {
    return shared().tokenCounter();
  }

  /** Where the shared model asks DJL to unpack its native library. */
  public static Path nativeCache() {
    return Holder.CACHE;
  }

  private static final class Holder {
    static final Path CACHE = createCache();
    static final LocalEmbeddingModel MODEL =
        new LocalEmbeddingModel(CACHE, LocalEmbeddingModel.DEFAULT_BATCH_SIZE);

    private static Path createCache() {
      try {
        Path dir = Files.createTempDirectory("cms-ai-test-djl");
        dir.toFile().deleteOnExit();
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
