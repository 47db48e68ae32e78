package io.cmsai.vectorstore.pgvector.internal;

import java.util.List;

/**
 * SQL text with {@code ?} placeholders and the values to bind to them, in order. The text never
 * contains a value.
 */
public record SqlFragment(String sql, List<Object> parameters) {
  public SqlFragment {
    parameters = List.copyOf(parameters);
  }
}
