package io.cmsai.bench.vector.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Vectors and queries; row i's id and metadata derive from i, its text is {@code texts[i]} (or
 * "document i" when there are none).
 *
 * @param kind uniform, clustered or minilm
 * @param description one sentence for the report
 */
public record Dataset(
    String kind,
    String description,
    int dims,
    float[][] vectors,
    float[][] queries,
    String[] texts) {
  private static final long UUID_HIGH = 0x5EC7_0000_0000_4000L;

  /**
   * {@code clusters} 0: uniform on the unit sphere (the hardest case for an approximate index: no
   * structure). Otherwise each vector (and query) is one of {@code clusters} random unit centres
   * plus Gaussian noise of about the same norm, normalised (cosine ~0.7 to its centre): a crude
   * stand-in for real embeddings, which are far from uniform.
   */
  public static Dataset generate(int rows, int dims, int queries, int clusters, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = unit(random, dims, null, 0);
    }
    float[][] v = new float[rows][];
    for (int i = 0; i < rows; i++) {
      v[i] = draw(random, dims, centres);
    }
    float[][] q = new float[queries][];
    for (int i = 0; i < queries; i++) {
      q[i] = draw(random, dims, centres);
    }
    String description =
        clusters == 0
            ? String.format(
                Locale.ROOT,
                "Data: %,d random unit vectors (uniform on the sphere;"
                    + " seed %d), text \"document N\"; %d random unit queries drawn apart from the"
                    + " data.",
                rows,
                seed,
                queries)
            : String.format(
                Locale.ROOT,
                "Data: %,d unit vectors around %d random centres (cosine"
                    + " ~0.7 to the centre; seed %d), text \"document N\"; %d queries drawn the same"
                    + " way.",
                rows,
                clusters,
                seed,
                queries);
    return new Dataset(clusters == 0 ? "uniform" : "clustered", description, dims, v, q, null);
  }

  private static float[] draw(SplittableRandom random, int dims, float[][] centres) {
    return centres.length == 0
        ? unit(random, dims, null, 0)
        : unit(random, dims, centres[random.nextInt(centres.length)], 1 / Math.sqrt(dims));
  }

  /** A unit vector: Gaussian components (times {@code noise}) plus {@code centre}. */
  private static float[] unit(SplittableRandom random, int dims, float[] centre, double noise) {
    float[] v = new float[dims];
    double norm = 0;
    for (int i = 0; i < dims; i++) {
      double g = centre == null ? random.nextGaussian() : centre[i] + noise * random.nextGaussian();
      v[i] = (float) g;
      norm += g * g;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dims; i++) {
      v[i] *= scale;
    }
    return v;
  }

  public int rows() {
    return vectors.length;
  }

  public Dataset head(int n) {
    return new Dataset(
        kind,
        description,
        dims,
        Arrays.copyOf(vectors, n),
        queries,
        texts == null ? null : Arrays.copyOf(texts, n));
  }

  public String id(int i) {
    return new UUID(UUID_HIGH, 0x8000_0000_0000_0000L | i).toString();
  }

  public static int row(String id) {
    return (int) UUID.fromString(id).getLeastSignificantBits();
  }

  public String text(int i) {
    return texts == null ? "document " + i : texts[i];
  }

  public Map<String, Object> metadata(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", (long) i);
    m.put("group", "g" + (i % 10));
    return m;
  }

  public String metadataJson(int i) {
    return "{\"n\":" + i + ",\"group\":\"g" + (i % 10) + "\"}";
  }

  /** The exact top k of every query by cosine similarity (brute force, all cores). */
  public int[][] exactTopK(int k) {
    double[] norms = new double[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      norms[i] = Math.sqrt(dot(vectors[i], vectors[i]));
    }
    int[][] out = new int[queries.length][];
    IntStream.range(0, queries.length)
        .parallel()
        .forEach(
            qi -> {
              float[] q = queries[qi];
              double qn = Math.sqrt(dot(q, q));
              PriorityQueue<double[]> best =
                  new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
              for (int i = 0; i < vectors.length; i++) {
                double score = dot(q, vectors[i]) / (qn * norms[i]);
                if (best.size() < k) {
                  best.add(new double[] {score, i});
                } else if (score > best.peek()[0]) {
                  best.poll();
                  best.add(new double[] {score, i});
                }
              }
              int[] top = new int[best.size()];
              for (int j = top.length - 1; j >= 0; j--) {
                top[j] = (int) best.poll()[1];
              }
              out[qi] = top;
            });
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return s0 + s1 + s2 + s3;
  }
}
