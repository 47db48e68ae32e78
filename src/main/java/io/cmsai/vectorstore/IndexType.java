package io.cmsai.vectorstore;

import java.util.Locale;

/** The approximate-nearest-neighbour index of a table or collection. */
public enum IndexType {
  /** No index: exact search over every row (pgvector); Milvus calls it FLAT. */
  NONE,
  /** Hierarchical navigable small world graphs: parameters {@code m}, {@code ef_construction}. */
  HNSW,
  /** Inverted file of flat lists: parameter {@code lists} (pgvector) or {@code nlist} (Milvus). */
  IVFFLAT,
  /** Milvus picks the index itself (Zilliz Cloud's default). */
  AUTOINDEX;

  /**
   * Reads {@code none}/{@code flat}, {@code hnsw}, {@code ivfflat}/{@code ivf_flat}, {@code
   * autoindex}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static IndexType parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace("_", "");
    return switch (value) {
      case "none", "flat" -> NONE;
      case "hnsw" -> HNSW;
      case "ivfflat" -> IVFFLAT;
      case "autoindex", "auto" -> AUTOINDEX;
      default ->
          throw new IllegalArgumentException(
              "unknown index type '" + text + "': use none, hnsw, ivfflat or autoindex");
    };
  }
}
