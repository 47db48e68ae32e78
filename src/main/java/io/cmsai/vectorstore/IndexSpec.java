package io.cmsai.vectorstore;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An index type with its build parameters: {@link Flat} (no index, exact search), {@link Hnsw},
 * {@link IvfFlat} or {@link Auto} (Milvus picks). The module's defaults for every store are the
 * {@code DEFAULT_*} constants here, written once. Immutable.
 */
public sealed interface IndexSpec
    permits IndexSpec.Flat, IndexSpec.Hnsw, IndexSpec.IvfFlat, IndexSpec.Auto {

  /** HNSW {@code m} (links per node) by default, as pgvector and Milvus. */
  int DEFAULT_M = 16;

  /** HNSW {@code ef_construction} (candidates while building) by default. */
  int DEFAULT_EF_CONSTRUCTION = 64;

  /** IVFFlat {@code lists} by default. */
  int DEFAULT_LISTS = 100;

  /** HNSW candidates per query (ef_search / ef) when a search does not ask for an accuracy. */
  int DEFAULT_EF_SEARCH = 100;

  /** No index: exact search. */
  record Flat() implements IndexSpec {
    @Override
    public IndexType type() {
      return IndexType.NONE;
    }

    @Override
    public Map<String, Integer> parameters() {
      return Map.of();
    }
  }

  /**
   * Hierarchical navigable small world graphs.
   *
   * @param m links per node, positive
   * @param efConstruction candidates while building, positive
   */
  record Hnsw(int m, int efConstruction) implements IndexSpec {
    public Hnsw {
      positive("m", m);
      positive("ef_construction", efConstruction);
    }

    @Override
    public IndexType type() {
      return IndexType.HNSW;
    }

    @Override
    public Map<String, Integer> parameters() {
      return new TreeMap<>(Map.of("m", m, "ef_construction", efConstruction));
    }
  }

  /**
   * Inverted file of flat lists.
   *
   * @param lists the number of lists (Milvus: {@code nlist}), positive
   */
  record IvfFlat(int lists) implements IndexSpec {
    public IvfFlat {
      positive("lists", lists);
    }

    @Override
    public IndexType type() {
      return IndexType.IVFFLAT;
    }

    @Override
    public Map<String, Integer> parameters() {
      return Map.of("lists", lists);
    }
  }

  /** Milvus picks the index itself (Zilliz Cloud's default). */
  record Auto() implements IndexSpec {
    @Override
    public IndexType type() {
      return IndexType.AUTOINDEX;
    }

    @Override
    public Map<String, Integer> parameters() {
      return Map.of();
    }
  }

  /** The index type. */
  IndexType type();

  /**
   * The build parameters by their settings names ({@code m}, {@code ef_construction}, {@code
   * lists}), sorted by name: for registries and display.
   */
  Map<String, Integer> parameters();

  /** No index: exact search. */
  static IndexSpec none() {
    return new Flat();
  }

  /** HNSW with the defaults {@value #DEFAULT_M} and {@value #DEFAULT_EF_CONSTRUCTION}. */
  static IndexSpec hnsw() {
    return new Hnsw(DEFAULT_M, DEFAULT_EF_CONSTRUCTION);
  }

  static IndexSpec hnsw(int m, int efConstruction) {
    return new Hnsw(m, efConstruction);
  }

  static IndexSpec ivfFlat(int lists) {
    return new IvfFlat(lists);
  }

  /** Milvus's AUTOINDEX. */
  static IndexSpec auto() {
    return new Auto();
  }

  /**
   * The spec of {@code type} with parameters by their settings names (as {@link #parameters()}
   * writes them); a missing parameter takes its default.
   *
   * @throws IllegalArgumentException when a parameter does not apply to the type or is not positive
   */
  static IndexSpec of(IndexType type, Map<String, Integer> parameters) {
    if (type == null) {
      throw new IllegalArgumentException("index type is required");
    }
    Set<String> allowed =
        switch (type) {
          case HNSW -> Set.of("m", "ef_construction");
          case IVFFLAT -> Set.of("lists");
          case NONE, AUTOINDEX -> Set.of();
        };
    parameters.forEach(
        (name, value) -> {
          if (!allowed.contains(name)) {
            throw new IllegalArgumentException(
                "index parameter '"
                    + name
                    + "' does not apply to "
                    + type
                    + (allowed.isEmpty()
                        ? " (it takes none)"
                        : ": use " + String.join(", ", new TreeSet<>(allowed))));
          }
          positive(name, value);
        });
    return switch (type) {
      case HNSW ->
          new Hnsw(
              parameters.getOrDefault("m", DEFAULT_M),
              parameters.getOrDefault("ef_construction", DEFAULT_EF_CONSTRUCTION));
      case IVFFLAT -> new IvfFlat(parameters.getOrDefault("lists", DEFAULT_LISTS));
      case NONE -> new Flat();
      case AUTOINDEX -> new Auto();
    };
  }

  /**
   * The accuracy a search gets when it does not ask for one: HNSW {@value #DEFAULT_EF_SEARCH}
   * candidates (the servers' own default, pgvector's 40, loses recall on real embeddings), IVFFlat
   * the square root of {@code lists} probes (pgvector's advice; its default of 1 probe searches a
   * single list), 0 for no index and Milvus's AUTOINDEX (neither has a knob). The result never
   * falls below {@code topK}: an HNSW scan returns at most ef_search rows.
   *
   * @param topK the number of results the search wants
   */
  default int defaultAccuracy(int topK) {
    if (this instanceof Hnsw) {
      return Math.max(DEFAULT_EF_SEARCH, topK);
    }
    if (this instanceof IvfFlat ivf) {
      return Math.max(1, (int) Math.ceil(Math.sqrt(ivf.lists())));
    }
    return 0;
  }

  private static void positive(String name, Integer value) {
    if (value == null || value < 1) {
      throw new IllegalArgumentException(
          "index parameter " + name + " must be a positive integer, got " + value);
    }
  }
}
