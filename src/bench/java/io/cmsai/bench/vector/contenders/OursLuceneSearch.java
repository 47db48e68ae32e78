package io.cmsai.bench.vector.contenders;

import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.embedded.LuceneVectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The embedded store's search. */
public record OursLuceneSearch(LuceneVectorStore store) implements SearchContender {
  @Override
  public String name() {
    return "ours: LuceneVectorStore.search";
  }

  @Override
  public List<String> search(float[] query, int topK, OptionalInt ef) {
    SearchRequest.Builder request = SearchRequest.of(query).topK(topK);
    ef.ifPresent(request::accuracy);
    List<Match> matches = store.search(request.build());
    List<String> ids = new ArrayList<>(matches.size());
    matches.forEach(m -> ids.add(m.id()));
    return ids;
  }
}
