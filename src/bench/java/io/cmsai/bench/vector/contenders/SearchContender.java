package io.cmsai.bench.vector.contenders;

import java.util.List;
import java.util.OptionalInt;

/** One way of answering a nearest-neighbour query; ids of the matches, best first. */
public interface SearchContender {
  String name();

  /** {@code ef} empty: the store's default accuracy. */
  List<String> search(float[] query, int topK, OptionalInt ef) throws Exception;

  /** The server process answering this path's queries, or -1 when unknown (or none). */
  default long serverPid() throws Exception {
    return -1;
  }

  /** How the server runs this path's query at {@code ef}, or null when there is no plan. */
  default String plan(float[] query, int topK, OptionalInt ef) throws Exception {
    return null;
  }
}
