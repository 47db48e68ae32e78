package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;

/**
 * One way of writing rows. Not thread-safe; one table at a time: {@link #create}, then {@link
 * #ingest} (timed by the caller), then {@link #drop}.
 */
public interface IngestContender extends AutoCloseable {
  /** Short key, used in table names and option values. */
  String key();

  String name();

  /**
   * Creates an empty target {@code name} (a table, a directory...) for {@code data}, with a vector
   * index when asked, replacing a leftover of an interrupted run.
   */
  void create(String name, Dataset data, boolean indexed) throws Exception;

  /** Writes every row of {@code data}; batches of {@code batch} where the contender batches. */
  void ingest(Dataset data, int batch) throws Exception;

  /**
   * Waits for work the target still does in the background after {@link #ingest} returned (timed
   * separately); afterwards {@link #count} and {@link #details} see the final state.
   */
  default void settle() throws Exception {}

  /** Rows in the target now. */
  long count() throws Exception;

  /** What the target is (columns, indexes...), for the report. */
  String describe() throws Exception;

  /** The server process serving this contender's writes, or -1 when unknown. */
  long serverPid() throws Exception;

  /** What the last ingest measured beyond its wall time ("" when nothing). */
  default String details() {
    return "";
  }

  void drop() throws Exception;

  @Override
  default void close() throws Exception {}
}
