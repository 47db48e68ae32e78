package io.cmsai.vectorstore.embedded.internal;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.embedded.LuceneStoreSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store's settings as Lucene commit user data, written with every commit, so the index and what
 * describes it can never disagree; and the check that an existing index fits the settings it is
 * opened with.
 */
public final class StoreCommitData {

  private static final String FORMAT_KEY = "cms-ai.store";
  private static final String FORMAT = "embedded-vectors/1";
  private static final String PARAMETER_PREFIX = "index.";
  private static final String MODEL = "fingerprint.model";
  private static final String NORMALIZED = "fingerprint.normalized";

  private StoreCommitData() {}

  /** {@code settings} as commit user data. */
  public static Map<String, String> of(LuceneStoreSettings settings) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(FORMAT_KEY, FORMAT);
    data.put("name", settings.name());
    data.put("dimension", Integer.toString(settings.dimension()));
    data.put("metric", settings.metric().id());
    data.put("index", settings.index().type().name());
    settings
        .index()
        .parameters()
        .forEach((name, value) -> data.put(PARAMETER_PREFIX + name, value.toString()));
    settings
        .fingerprint()
        .ifPresent(
            f -> {
              data.put(MODEL, f.model());
              data.put(NORMALIZED, Boolean.toString(f.normalized()));
            });
    return data;
  }

  /**
   * The settings of the index whose last commit holds {@code stored}, checked against {@code
   * requested}: {@code requested} itself for a new (empty) index; otherwise the stored settings,
   * with the requested fingerprint when none was recorded yet.
   *
   * @param where the index, for messages
   * @throws VectorStoreException when the index is no vector store, or its dimension, metric, index
   *     or fingerprint differ from the requested ones (the message names both)
   */
  public static LuceneStoreSettings reconcile(
      Map<String, String> stored, LuceneStoreSettings requested, String where) {
    if (stored.isEmpty()) {
      return requested;
    }
    if (!FORMAT.equals(stored.get(FORMAT_KEY))) {
      throw new VectorStoreException(
          where
              + " holds a Lucene index that is not a CMS AI vector store; use another index name");
    }
    LuceneStoreSettings existing = parse(stored, requested.name(), where);
    if (existing.dimension() != requested.dimension()
        || existing.metric() != requested.metric()
        || !existing.index().equals(requested.index())) {
      throw new VectorStoreException(
          where
              + " holds "
              + shape(existing)
              + " but was opened for "
              + shape(requested)
              + ": open it with its own settings, or re-index into a new index name");
    }
    if (existing.fingerprint().isEmpty()) {
      return requested;
    }
    if (requested.fingerprint().isPresent()) {
      String difference = existing.fingerprint().get().difference(requested.fingerprint().get());
      if (!difference.isEmpty()) {
        throw new VectorStoreException(
            where
                + " was built with another embedding model ("
                + difference
                + "): re-index into a new index name rather than mixing vectors");
      }
    }
    return existing;
  }

  /** The settings recorded in a store's commit data. */
  public static LuceneStoreSettings parse(Map<String, String> stored, String name, String where) {
    try {
      int dimension = Integer.parseInt(stored.get("dimension"));
      DistanceMetric metric = DistanceMetric.parse(stored.get("metric"));
      Map<String, Integer> parameters = new TreeMap<>();
      stored.forEach(
          (key, value) -> {
            if (key.startsWith(PARAMETER_PREFIX)) {
              parameters.put(key.substring(PARAMETER_PREFIX.length()), Integer.parseInt(value));
            }
          });
      IndexSpec index = IndexSpec.of(IndexType.parse(stored.get("index")), parameters);
      Optional<EmbeddingFingerprint> fingerprint =
          Optional.ofNullable(stored.get(MODEL))
              .map(
                  model ->
                      new EmbeddingFingerprint(
                          model, dimension, metric, Boolean.parseBoolean(stored.get(NORMALIZED))));
      return new LuceneStoreSettings(name, dimension, metric, index, fingerprint);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new VectorStoreException(
          where + " has unreadable store settings (" + e.getMessage() + "); re-index it", e);
    }
  }

  private static String shape(LuceneStoreSettings settings) {
    return settings.dimension()
        + "-dimension vectors compared by "
        + settings.metric().id()
        + " ("
        + (settings.approximate()
            ? "HNSW m " + settings.maxConn() + ", ef_construction " + settings.beamWidth()
            : "exact search")
        + ")";
  }
}
