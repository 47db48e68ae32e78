package io.cmsai.vectorstore;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One stored item: an id chosen by the caller (upserting the same id replaces it), its vector, the
 * text it was computed from and metadata to filter on.
 *
 * @param id 1 to 255 characters
 * @param vector finite values; its length must be the store's dimension
 * @param text the source text ({@code ""} when none); returned with matches and used by hybrid
 *     search
 * @param metadata see {@link Metadata}
 */
public record VectorRecord(String id, float[] vector, String text, Map<String, Object> metadata) {

  public VectorRecord {
    id = Vectors.checkId(id);
    if (vector == null) {
      throw new IllegalArgumentException("record " + id + " has no vector");
    }
    vector = vector.clone();
    text = text == null ? "" : text;
    metadata = Metadata.copyOf(metadata);
  }

  public VectorRecord(String id, float[] vector) {
    this(id, vector, "", Map.of());
  }

  @Override
  public float[] vector() {
    return vector.clone();
  }

  /** The vector's length, without copying it. */
  public int dimension() {
    return vector.length;
  }

  /** Writes the vector into {@code out} at its position, without copying it first. */
  public void putVector(FloatBuffer out) {
    out.put(vector);
  }

  /** The vector itself, for checks in this package that must not copy it; never modified. */
  float[] vectorView() {
    return vector;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorRecord r
        && id.equals(r.id)
        && Arrays.equals(vector, r.vector)
        && text.equals(r.text)
        && metadata.equals(r.metadata);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "VectorRecord[" + id + ", dimension " + vector.length + ", " + metadata + "]";
  }
}
