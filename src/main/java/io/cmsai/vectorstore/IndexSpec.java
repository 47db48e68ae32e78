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

  /** A parameter, or {@code fallback} when not given. */
  public int parameter(String name, int fallback) {
    return parameters.getOrDefault(name, fallback);
  }
}
