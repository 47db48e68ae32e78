package io.cmsai.vectorstore.milvus;

import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.Vectors;
import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.milvus.internal.MilvusRows;
import io.cmsai.vectorstore.milvus.internal.MilvusSchema;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The {@link VectorStore} over one Milvus collection, through the Milvus Java SDK's {@code
 * MilvusClientV2} (gRPC).
 *
 * <ul>
 *   <li><b>Loading.</b> Milvus searches only collections loaded into memory. Before the first
 *       search or count the store asks for the load state and loads the collection if needed
 *       (waiting up to {@link MilvusSettings#loadTimeout()}); a collection released later by
 *       someone else is loaded again when Milvus answers "collection not loaded". A load that fails
 *       says so: "collection X is not loaded and could not be loaded: ...".
 *   <li><b>Visibility.</b> Writes are not flushed: with the default {@link
 *       MilvusConsistency#STRONG} consistency an upsert or delete is visible to the next search.
 *       Call {@link #flush()} at the end of a bulk re-index to seal segments for indexing.
 *   <li><b>Scores.</b> Cosine similarity and inner product as Milvus returns them; for L2, Milvus's
 *       squared distance {@code d} becomes {@code 1 / (1 + sqrt(d))}.
 *   <li><b>Accuracy.</b> {@link SearchRequest#accuracy()} is HNSW's {@code ef} (at least {@code
 *       topK}) or IVF's {@code nprobe} (at most {@code nlist}), {@link IndexSpec#defaultAccuracy}
 *       when the request gives none; FLAT and AUTOINDEX ignore it.
 *   <li><b>Errors.</b> An unreachable server, a timeout or refused credentials raise {@link
 *       StoreUnavailableException} naming {@code host:port} (never the token); other refusals raise
 *       {@link VectorStoreException} with Milvus's reason.
 * </ul>
 *
 * Thread-safe; {@link #close()} it when done.
 */
public final class MilvusVectorStore implements VectorStore, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MilvusVectorStore.class.getName());
  private static final int IDS_PER_DELETE = 1000;
  private static final String COUNT = "count(*)";

  private final MilvusSettings settings;
  private final MilvusClientV2 client;
  private final MilvusCalls calls;
  private final StoreDescription description;
  private final String name;
  private final Object loading = new Object();
  private volatile boolean loaded;

  /** Over a collection opened by {@link MilvusVectorStoreFactory#openCollection}. */
  MilvusVectorStore(
      MilvusSettings settings,
      MilvusClientV2 client,
      MilvusCalls calls,
      StoreDescription description) {
    this.settings = settings;
    this.client = client;
    this.calls = calls;
    this.description = description;
    this.name = "collection " + settings.collection();
  }

  /** No round trip: what was found or created when the store was opened. */
  @Override
  public StoreDescription describe() {
    return description;
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    Vectors.checkAll(records, settings.dimension(), where());
    if (records.isEmpty()) {
      return;
    }
    UpsertReq request =
        UpsertReq.builder()
            .collectionName(settings.collection())
            .data(records.stream().map(MilvusRows::row).toList())
            .build();
    reloadingCall(
        "upsert " + records.size() + " records into " + name, () -> client.upsert(request));
  }

  @Override
  public void delete(Collection<String> ids) {
    List<String> unique =
        new ArrayList<>(
            ids.stream()
                .map(Vectors::checkId)
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    for (List<String> chunk : MilvusRows.chunks(unique, IDS_PER_DELETE)) {
      deleteWhere(MilvusFilterConverter.idsIn(chunk), chunk.size() + " records by id");
    }
  }

  @Override
  public void delete(Filter filter) {
    String expression = MilvusFilterConverter.toExpression(filter);
    deleteWhere(
        expression.isEmpty() ? MilvusFilterConverter.everything() : expression,
        "the records matching a filter");
  }

  @Override
  public List<Match> search(SearchRequest request) {
    if (request.hybridText().isPresent()) {
      throw new IllegalArgumentException("hybrid search is not supported by the Milvus store");
    }
    float[] query = request.vector();
    Vectors.check(query, settings.dimension(), where(), "the query vector");
    String expression = MilvusFilterConverter.toExpression(request.filter());
    SearchReq search =
        SearchReq.builder()
            .collectionName(settings.collection())
            .annsField(MilvusSchema.VECTOR)
            .metricType(MilvusSchema.metricType(settings.metric()))
            .data(List.of(new FloatVec(query)))
            .limit(request.topK())
            .filter(expression.isEmpty() ? null : expression)
            .outputFields(List.of(MilvusSchema.TEXT, MilvusSchema.METADATA))
            .searchParams(searchParams(request))
            .consistencyLevel(level())
            .build();
    SearchResp found = loadedCall("search " + name, () -> client.search(search));
    double min = request.minScore().orElse(Double.NEGATIVE_INFINITY);
    // Equal scores by id, as in the other stores (within the page Milvus returned).
    return found.getSearchResults().stream().findFirst().orElse(List.of()).stream()
        .map(hit -> MilvusRows.match(hit, settings.metric()))
        .filter(match -> match.score() >= min)
        .sorted(Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::id))
        .toList();
  }

  @Override
  public long count() {
    QueryReq query =
        QueryReq.builder()
            .collectionName(settings.collection())
            .filter("")
            .outputFields(List.of(COUNT))
            .consistencyLevel(level())
            .build();
    Object count =
        loadedCall("count the records of " + name, () -> client.query(query))
            .getQueryResults()
            .get(0)
            .getEntity()
            .get(COUNT);
    return ((Number) count).longValue();
  }

  /**
   * Seals the collection's growing segments so Milvus indexes them; call it once at the end of a
   * bulk re-index, not after every upsert (a flush takes seconds).
   */
  public void flush() {
    FlushReq request =
        FlushReq.builder()
            .collectionNames(List.of(settings.collection()))
            .waitFlushedTimeoutMs(settings.loadTimeout().toMillis())
            .build();
    calls.run("flush " + name, () -> client.flush(request));
  }

  /** Drops the collection and everything in it; the store is unusable afterwards. */
  public void drop() {
    calls.run(
        "drop " + name,
        () ->
            client.dropCollection(
                DropCollectionReq.builder().collectionName(settings.collection()).build()));
  }

  /** Closes the connection. */
  @Override
  public void close() {
    client.close();
  }

  private void deleteWhere(String expression, String what) {
    DeleteReq request =
        DeleteReq.builder().collectionName(settings.collection()).filter(expression).build();
    reloadingCall("delete " + what + " from " + name, () -> client.delete(request));
  }

  /**
   * Runs {@code call}, which Milvus may refuse on a collection that is not loaded (deletes by
   * filter, some versions' writes); then loads it and tries once more.
   */
  private <T> T reloadingCall(String action, Supplier<T> call) {
    try {
      return calls.call(action, call);
    } catch (MilvusCalls.NotLoaded notLoaded) {
      loaded = false;
      return loadedCall(action, call);
    }
  }

  /** Runs {@code call} on the loaded collection, loading it first and again if it was released. */
  private <T> T loadedCall(String action, Supplier<T> call) {
    ensureLoaded();
    try {
      return calls.call(action, call);
    } catch (MilvusCalls.NotLoaded released) {
      LOG.info(() -> "Milvus " + name + " was released; loading it again");
      loaded = false;
      ensureLoaded();
      return calls.call(action, call);
    }
  }

  private void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (loading) {
      if (!loaded) {
        load();
        loaded = true;
      }
    }
  }

  private void load() {
    GetLoadStateReq state = GetLoadStateReq.builder().collectionName(settings.collection()).build();
    try {
      if (calls.call("ask the load state of " + name, () -> client.getLoadState(state))) {
        return;
      }
      LOG.info(() -> "loading Milvus " + name + " into memory");
      calls.run(
          "load " + name,
          () ->
              client.loadCollection(
                  LoadCollectionReq.builder()
                      .collectionName(settings.collection())
                      .sync(true)
                      .timeout(settings.loadTimeout().toMillis())
                      .build()));
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (VectorStoreException e) {
      throw new VectorStoreException(
          name + " is not loaded and could not be loaded: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> searchParams(SearchRequest request) {
    IndexSpec index = description.index();
    int accuracy = request.accuracy().orElse(index.defaultAccuracy(request.topK()));
    if (index.type() == IndexType.HNSW) {
      return Map.of("ef", Math.max(accuracy, request.topK()));
    }
    if (index instanceof IndexSpec.IvfFlat ivf) {
      return Map.of("nprobe", Math.min(accuracy, ivf.lists()));
    }
    return Map.of();
  }

  private ConsistencyLevel level() {
    return MilvusCollection.level(settings.consistency());
  }

  private String where() {
    return "Milvus " + name;
  }
}
