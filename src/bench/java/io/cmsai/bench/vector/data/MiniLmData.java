package io.cmsai.bench.vector.data;

import io.cmsai.bench.vector.report.Log;
import io.cmsai.embeddings.LocalEmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Real all-MiniLM-L6-v2 embeddings of distinct passages of text found on this machine, through the
 * module's LocalEmbeddingModel; cached in a binary file per (rows, queries, seed).
 */
public final class MiniLmData {
  private static final int MAGIC = 0x4D4C4231; // "MLB1"

  public static Dataset load(
      int rows, int queries, long seed, Path cacheDir, List<String> roots, int budgetMinutes)
      throws IOException {
    Path cache = cacheDir.resolve("minilm-" + rows + "-" + queries + "-" + seed + ".bin");
    if (Files.isRegularFile(cache)) {
      Log.log("minilm: reading cached embeddings from %s", cache);
      return read(cache);
    }
    long start = System.nanoTime();
    List<String> passages = Passages.collect(roots);
    int available = passages.size();
    Log.log(
        "minilm: %,d distinct passages in %.1f s", available, (System.nanoTime() - start) / 1e9);
    shuffle(passages, new SplittableRandom(seed));
    int wanted = Math.min(available, rows + queries);
    List<String> chosen = passages.subList(0, wanted);
    LocalEmbeddingModel model =
        new LocalEmbeddingModel(cacheDir.resolve("djl"), LocalEmbeddingModel.DEFAULT_BATCH_SIZE);
    List<float[]> vectors = new ArrayList<>(wanted);
    long embedStart = System.nanoTime();
    long deadline = embedStart + budgetMinutes * 60_000_000_000L;
    try {
      int step = 2048;
      for (int from = 0; from < wanted; from += step) {
        if (System.nanoTime() > deadline && vectors.size() > queries) {
          Log.log(
              "minilm: the embedding budget of %d minutes ran out after %,d passages",
              budgetMinutes, vectors.size());
          break;
        }
        vectors.addAll(model.embed(chosen.subList(from, Math.min(wanted, from + step))));
        double elapsed = (System.nanoTime() - embedStart) / 1e9;
        Log.log(
            "minilm: embedded %,d of %,d passages (%.0f s, %.1f ms per passage)",
            vectors.size(), wanted, elapsed, 1000 * elapsed / vectors.size());
      }
    } finally {
      model.close();
    }
    double seconds = (System.nanoTime() - embedStart) / 1e9;
    int n = vectors.size();
    float[][] q = vectors.subList(0, queries).toArray(new float[0][]);
    float[][] v = vectors.subList(queries, n).toArray(new float[0][]);
    String[] texts = chosen.subList(queries, n).toArray(new String[0]);
    IntSummaryStatisticsHolder words = IntSummaryStatisticsHolder.of(chosen.subList(0, n));
    String description =
        String.format(
            Locale.ROOT,
            "Data: %,d real all-MiniLM-L6-v2"
                + " embeddings (quantised, in process through the module's LocalEmbeddingModel) of"
                + " distinct text passages from %s (%,d distinct passages found; %s per passage;"
                + " shuffled with seed %d); the text is the passage. %d queries: held-out passages,"
                + " not in the data. Embedding took %.0f s (%.1f ms per passage)%s.",
            v.length,
            String.join(", ", roots),
            available,
            words,
            seed,
            q.length,
            seconds,
            1000 * seconds / n,
            n < rows + queries
                ? String.format(
                    Locale.ROOT,
                    "; %,d rows" + " instead of the %,d asked for (%s)",
                    v.length,
                    rows,
                    available < rows + queries
                        ? "not enough distinct passages"
                        : "the embedding budget ran out")
                : "");
    Dataset data = new Dataset("minilm", description, LocalEmbeddingModel.DIMENSION, v, q, texts);
    write(cache, data);
    Log.log("minilm: cached in %s", cache);
    return data;
  }

  private static void shuffle(List<String> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      java.util.Collections.swap(list, i, random.nextInt(i + 1));
    }
  }

  private static void write(Path file, Dataset data) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(data.dims());
      out.writeInt(data.rows());
      out.writeInt(data.queries().length);
      writeBytes(out, data.description().getBytes(StandardCharsets.UTF_8));
      for (float[] q : data.queries()) {
        writeVector(out, q);
      }
      for (int i = 0; i < data.rows(); i++) {
        writeVector(out, data.vectors()[i]);
        writeBytes(out, data.texts()[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Dataset read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a bench embedding cache; delete it");
      }
      int dims = in.readInt();
      int rows = in.readInt();
      int queries = in.readInt();
      String description = new String(readBytes(in), StandardCharsets.UTF_8);
      float[][] q = new float[queries][];
      for (int i = 0; i < queries; i++) {
        q[i] = readVector(in, dims);
      }
      float[][] v = new float[rows][];
      String[] texts = new String[rows];
      for (int i = 0; i < rows; i++) {
        v[i] = readVector(in, dims);
        texts[i] = new String(readBytes(in), StandardCharsets.UTF_8);
      }
      return new Dataset(
          "minilm",
          description + " (Read from the cache " + file.getFileName() + ".)",
          dims,
          v,
          q,
          texts);
    }
  }

  private static void writeVector(DataOutputStream out, float[] v) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length);
    b.asFloatBuffer().put(v);
    out.write(b.array());
  }

  private static float[] readVector(DataInputStream in, int dims) throws IOException {
    byte[] bytes = new byte[4 * dims];
    in.readFully(bytes);
    float[] v = new float[dims];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
    return v;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }
}
