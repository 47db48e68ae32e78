package io.cmsai.vectorstore;

import java.util.Map;
import java.util.TreeMap;

/**
 * An index type with its build parameters.
 *
 * @param type the index type
 * @param parameters build parameters by name ({@code m}, {@code ef_construction}, {@code lists}),
 *     positive integers
 */
public record IndexSpec(IndexType type, Map<String, Integer> parameters) {

  public IndexSpec {
    if (type == null) {
      throw new IllegalArgumentException("index type is required");
    }
    parameters = Map.copyOf(new TreeMap<>(parameters));
    parameters.forEach(
        (name, value) -> {
          if (value == null || value < 1) {
            throw new IllegalArgumentException(
                "index parameter " + name + " must be a positive integer, got " + value);
          }
        });
  }

  /** No index: exact search. */
  public static IndexSpec none() {
    return new IndexSpec(IndexType.NONE, Map.of());
  }

  /** HNSW with pgvector's and Milvus's usual defaults: m 16, ef_construction 64. */
  public static IndexSpec hnsw() {
    return hnsw(16, 64);
  }

  public static IndexSpec hnsw(int m, int efConstruction) {
    return new IndexSpec(IndexType.HNSW, Map.of("m", m, "ef_construction", efConstruction));
  }

  public static IndexSpec ivfFlat(int lists) {
    return new IndexSpec(IndexType.IVFFLAT, Map.of("lists", lists));
  }

  /** HNSW candidates per query (ef_search / ef) when a search does not ask for an accuracy. */
  public static final int DEFAULT_EF_SEARCH = 100;

  /**
   * The accuracy a search gets when it does not ask for one: HNSW {@value #DEFAULT_EF_SEARCH}
   * candidates (the servers' own default, pgvector's 40, loses recall on real embeddings), IVFFlat
   * the square root of {@code lists} probes (pgvector's advice; its default of 1 probe searches a
   * single list), 0 for no index and Milvus's AUTOINDEX (neither has a knob). The result never
   * falls below {@code topK}: an HNSW scan returns at most ef_search rows.
   *
   * @param topK the number of results the search wants
   */
  public int defaultAccuracy(int topK) {
    return switch (type) {
      case HNSW -> Math.max(DEFAULT_EF_SEARCH, topK);
      case IVFFLAT -> Math.max(1, (int) Math.ceil(Math.sqrt(parameter("lists", 100))));
      case NONE, AUTOINDEX -> 0;
    };
  }

  /** A parameter, or {@code fallback} when not given. */
  public int parameter(String name, int fallback) {
    return parameters.getOrDefault(name, fallback);
  }
}
