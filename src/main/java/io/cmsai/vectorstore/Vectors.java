package io.cmsai.vectorstore;

import java.util.List;

/** Checks and helpers every adapter applies to vectors and ids before touching its store. */
public final class Vectors {

  /** The largest dimension accepted (Milvus allows 32768; pgvector 16000). */
  public static final int MAX_DIMENSION = 32_768;

  private static final int MAX_ID_LENGTH = 255;

  private Vectors() {}

  /**
   * {@code dimension}, checked.
   *
   * @throws IllegalArgumentException unless 1 to {@value #MAX_DIMENSION}
   */
  public static int checkDimension(int dimension) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be 1.." + MAX_DIMENSION + ", got " + dimension);
    }
    return dimension;
  }

  /**
   * Checks one vector against a store.
   *
   * @param where the store, for messages ("table ai_vectors")
   * @param what the vector, for messages ("the query vector", "record 42")
   * @throws DimensionMismatchException naming both dimensions
   * @throws IllegalArgumentException for NaN or infinite values
   */
  public static void check(float[] vector, int dimension, String where, String what) {
    if (vector.length != dimension) {
      throw new DimensionMismatchException(where, dimension, vector.length, what);
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(
            what + " has a non-finite value (" + vector[i] + ") at position " + i);
      }
    }
  }

  private static boolean allFinite(float[] vector) {
    for (float v : vector) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Checks every record of a batch (nothing is written unless all pass) and unique ids. */
  public static void checkAll(List<VectorRecord> records, int dimension, String where) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (VectorRecord record : records) {
      float[] vector = record.vectorView();
      if (vector.length != dimension || !allFinite(vector)) {
        check(vector, dimension, where, "record " + record.id());
      }
      if (!ids.add(record.id())) {
        throw new IllegalArgumentException("the batch holds record " + record.id() + " twice");
      }
    }
  }

  /**
   * {@code id}, checked.
   *
   * @throws IllegalArgumentException when blank or longer than 255 characters
   */
  public static String checkId(String id) {
    if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "a record id must be 1.." + MAX_ID_LENGTH + " characters, got " + describe(id));
    }
    return id;
  }

  /** {@code vector} scaled to unit length (a zero vector is returned unchanged). */
  public static float[] normalize(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    if (sum == 0) {
      return vector.clone();
    }
    double norm = Math.sqrt(sum);
    float[] unit = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      unit[i] = (float) (vector[i] / norm);
    }
    return unit;
  }

  private static String describe(String id) {
    return id == null ? "none" : "'" + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'";
  }
}
