package io.cmsai.vectorstore.milvus;

import java.util.Locale;

/**
 * How fresh the data a Milvus search or count sees is. Only {@link #STRONG} guarantees that an
 * upsert or delete is visible to the very next search, which is what the {@link
 * io.cmsai.vectorstore.VectorStore} contract promises; the others trade that for latency.
 */
public enum MilvusConsistency {
  /** Every search waits until all writes made before it are searchable (the default). */
  STRONG,
  /** A client sees its own writes; other clients' writes may lag. */
  SESSION,
  /** Searches may miss writes of the last few seconds (Milvus's own default). */
  BOUNDED,
  /** Searches never wait; writes show up when Milvus gets to them. */
  EVENTUALLY;

  /**
   * Reads {@code strong}, {@code session}, {@code bounded} or {@code eventually}, in any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static MilvusConsistency parse(String text) {
    String value = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    for (MilvusConsistency level : values()) {
      if (level.name().equals(value)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "unknown consistency level '" + text + "': use strong, session, bounded or eventually");
  }
}
