package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Pg;
import io.cmsai.platform.Database;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.pgvector.PgVectorStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The adapter's search, optionally with a metadata filter (the search path's access filter has the
 * same shape: an OR of containments that matches nearly every row).
 */
public record OursSearch(PgVectorStore store, Database database, Filter filter, String name)
    implements SearchContender {
  public OursSearch(PgVectorStore store, Database database) {
    this(store, database, Filter.all(), "ours: PgVectorStore.search");
  }

  @Override
  public long serverPid() throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      return Pg.backendPid(c);
    }
  }

  @Override
  public List<String> search(float[] query, int topK, OptionalInt ef) {
    List<Match> matches = store.search(request(query, topK, ef));
    List<String> ids = new ArrayList<>(matches.size());
    matches.forEach(m -> ids.add(m.id()));
    return ids;
  }

  @Override
  public String plan(float[] query, int topK, OptionalInt ef) {
    return store.explain(request(query, topK, ef)).stream()
        .map(line -> line.trim().replaceAll("\\s+\\(cost=.*", "").replaceFirst("^->\\s*", ""))
        .filter(line -> line.contains(" Scan "))
        .collect(java.util.stream.Collectors.joining("; "));
  }

  private SearchRequest request(float[] query, int topK, OptionalInt ef) {
    SearchRequest.Builder request = SearchRequest.of(query).topK(topK).filter(filter);
    ef.ifPresent(request::accuracy);
    return request.build();
  }

  /** A filter like semantic search's access filter: an OR of containments matching every row. */
  public static Filter accessLikeFilter() {
    List<Filter> groups = new ArrayList<>();
    for (int g = 0; g < 10; g++) {
      groups.add(Filter.eq("group", "g" + g));
    }
    return Filter.or(groups.toArray(Filter[]::new));
  }
}
