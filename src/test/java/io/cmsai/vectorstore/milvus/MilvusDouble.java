package io.cmsai.vectorstore.milvus;

import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.DropCollectionRequest;
import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.FlushRequest;
import io.milvus.grpc.FlushResponse;
import io.milvus.grpc.GetFlushStateRequest;
import io.milvus.grpc.GetFlushStateResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.IndexState;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ReleaseCollectionRequest;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.ServerInfo;
import io.milvus.grpc.ShowCollectionsRequest;
import io.milvus.grpc.ShowCollectionsResponse;
import io.milvus.grpc.UpsertRequest;
import io.milvus.shaded.io.grpc.Context;
import io.milvus.shaded.io.grpc.Contexts;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.ServerCall;
import io.milvus.shaded.io.grpc.ServerCallHandler;
import io.milvus.shaded.io.grpc.ServerInterceptor;
import io.milvus.shaded.io.grpc.ServerInterceptors;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.shaded.io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A Milvus server for tests: the SDK's own gRPC service ({@code MilvusServiceImplBase}) served by
 * its shaded Netty on {@code 127.0.0.1} and a free port, holding collections in memory and
 * searching them by brute force. It answers the RPCs {@code MilvusClientV2} issues for the store
 * and behaves like Milvus where the store depends on it:
 *
 * <ul>
 *   <li>schemas arrive as serialised {@code CollectionSchema} bytes and are kept as sent; vectors
 *       of another dimension are refused with Milvus's code 1100 and message;
 *   <li>search, query and non-primary-key deletes on a collection that is not loaded fail with code
 *       101 "collection not loaded"; loading needs a vector index (code 700 otherwise);
 *   <li>scores are COSINE similarity, IP, and <em>squared</em> L2 distance, by the index's metric
 *       (a search naming another metric is refused); HNSW's {@code ef} must be at least the limit;
 *   <li>filters are parsed and evaluated by {@link MilvusExpression} (Milvus's rules on JSON keys);
 *   <li>with {@link #requireToken} set, every call must carry {@code authorization: base64(token)},
 *       else it fails with {@code UNAUTHENTICATED} like Milvus with authentication.
 * </ul>
 *
 * Knobs: {@link #startReleased} (collections begin released: the asynchronous load the SDK asks for
 * right after creating one is not carried out), {@link #release} (another client released it),
 * {@link #loadingPolls}, {@link #failLoads}, and {@link #close} (the server goes away). Writes are
 * visible at once (strong consistency). Thread-safe.
 */
@SuppressWarnings("deprecation") // Milvus still fills the legacy ErrorCode next to the code
final class MilvusDouble extends MilvusServiceGrpc.MilvusServiceImplBase implements AutoCloseable {

  private static final Context.Key<String> DATABASE = Context.key("dbname");
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> DBNAME =
      Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  private final Map<String, DoubleCollection> collections = new ConcurrentHashMap<>();
  private final Set<String> databases = ConcurrentHashMap.newKeySet();
  private final Set<String> loadsToIgnore = ConcurrentHashMap.newKeySet();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(450_000_000_000_000_000L);
  private volatile String requiredToken;
  private volatile boolean startReleased;
  private volatile int loadingPolls;
  private volatile String loadFailure;
  private Server server;

  private MilvusDouble() {
    databases.add("default");
  }

  /** A running double on a free port of {@code 127.0.0.1}. */
  static MilvusDouble start() {
    MilvusDouble fake = new MilvusDouble();
    try {
      fake.server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(ServerInterceptors.intercept(fake, fake.new Gate()))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fake;
  }

  /** {@code http://127.0.0.1:port}. */
  String uri() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Requires every call to carry this token ({@code null}: no authentication). */
  void requireToken(String token) {
    this.requiredToken = token;
  }

  /** The authorization headers received, decoded, in order. */
  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** The names of the RPCs received, in order. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** Collections created from now on begin released (see the class comment). */
  void startReleased(boolean released) {
    this.startReleased = released;
  }

  /** How many progress polls a load takes (0: loaded at once). */
  void loadingPolls(int polls) {
    this.loadingPolls = polls;
  }

  /** Makes loads fail with {@code reason} ({@code null}: loads succeed). */
  void failLoads(String reason) {
    this.loadFailure = reason;
  }

  void createDatabase(String name) {
    databases.add(name);
  }

  /** Releases a collection of the default database, as another client could. */
  void release(String collection) {
    find("default", collection).release();
  }

  boolean isLoaded(String collection) {
    return find("default", collection).state() == DoubleCollection.LoadState.LOADED;
  }

  /** How many LoadCollection requests a collection of the default database received. */
  int loadRequests(String collection) {
    return find("default", collection).loadRequests();
  }

  boolean hasCollection(String collection) {
    return collections.containsKey(key("default", collection));
  }

  /** Stops the server at once; calls fail from now on. */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- connection, databases ----

  @Override
  public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
    reply(
        out,
        () ->
            ConnectResponse.newBuilder()
                .setIdentifier(ids.incrementAndGet())
                .setServerInfo(ServerInfo.newBuilder().setBuildTags("v2.6.0-double"))
                .build(),
        s -> ConnectResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
    reply(
        out,
        () -> GetVersionResponse.newBuilder().setVersion("v2.6.0-double").build(),
        s -> GetVersionResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void listDatabases(
      ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> out) {
    reply(
        out,
        () -> ListDatabasesResponse.newBuilder().addAllDbNames(databases).build(),
        s -> ListDatabasesResponse.newBuilder().setStatus(s).build());
  }

  // ---- collections ----

  @Override
  public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> out) {
    reply(
        out,
        () ->
            BoolResponse.newBuilder()
                .setValue(
                    collections.containsKey(
                        key(db(request.getDbName()), request.getCollectionName())))
                .build(),
        s -> BoolResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void createCollection(
      CreateCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
    reply(out, () -> ok(() -> create(request)), s -> s);
  }

  @Override
  public void describeCollection(
      DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> out) {
    reply(
        out,
        () -> {
          DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
          return DescribeCollectionResponse.newBuilder()
              .setSchema(c.schema)
              .setCollectionID(c.id)
              .setCollectionName(c.name)
              .setDbName(db(request.getDbName()))
              .setConsistencyLevel(c.consistency)
              .setShardsNum(1)
              .setNumPartitions(1)
              .setCreatedTimestamp(c.createdAt)
              .setCreatedUtcTimestamp(c.createdAt)
              .setUpdateTimestamp(c.createdAt)
              .build();
        },
        s -> DescribeCollectionResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void showCollections(
      ShowCollectionsRequest request, StreamObserver<ShowCollectionsResponse> out) {
    String prefix = db(request.getDbName()) + ".";
    reply(
        out,
        () ->
            ShowCollectionsResponse.newBuilder()
                .addAllCollectionNames(
                    collections.keySet().stream()
                        .filter(k -> k.startsWith(prefix))
                        .map(k -> k.substring(prefix.length()))
                        .sorted()
                        .toList())
                .build(),
        s -> ShowCollectionsResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void dropCollection(
      DropCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
    reply(
        out,
        () ->
            ok(() -> collections.remove(key(db(request.getDbName()), request.getCollectionName()))),
        s -> s);
  }

  // ---- index, loading ----

  @Override
  public void createIndex(CreateIndexRequest request, StreamObserver<io.milvus.grpc.Status> out) {
    reply(
        out,
        () ->
            ok(
                () ->
                    DoubleWire.index(
                        find(db(request.getDbName()), request.getCollectionName()), request)),
        s -> s);
  }

  @Override
  public void describeIndex(
      DescribeIndexRequest request, StreamObserver<DescribeIndexResponse> out) {
    reply(
        out,
        () -> {
          DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
          DoubleCollection.Index index = c.index().orElseThrow(() -> DoubleWire.noIndex(c));
          JsonObject params = new JsonObject();
          index.params().forEach(params::addProperty);
          return DescribeIndexResponse.newBuilder()
              .addIndexDescriptions(
                  IndexDescription.newBuilder()
                      .setIndexName("vector")
                      .setIndexID(1)
                      .setFieldName("vector")
                      .addParams(kv("index_type", index.type()))
                      .addParams(kv("metric_type", index.metric()))
                      .addParams(kv("params", params.toString()))
                      .setState(IndexState.Finished)
                      .setIndexedRows(c.count())
                      .setTotalRows(c.count()))
              .build();
        },
        s -> DescribeIndexResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void loadCollection(
      LoadCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
    reply(
        out,
        () ->
            ok(
                () -> {
                  DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
                  if (c.index().isEmpty()) {
                    throw DoubleWire.noIndex(c);
                  }
                  boolean ignored = loadsToIgnore.remove(key(db(request.getDbName()), c.name));
                  if (!ignored && loadFailure != null) {
                    throw new MilvusError(12, ErrorCode.UnexpectedError, loadFailure);
                  }
                  c.load(loadingPolls, !ignored);
                }),
        s -> s);
  }

  @Override
  public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> out) {
    reply(
        out,
        () -> {
          DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
          LoadState state =
              switch (c.state()) {
                case LOADED -> LoadState.LoadStateLoaded;
                case LOADING -> LoadState.LoadStateLoading;
                case RELEASED -> LoadState.LoadStateNotLoad;
              };
          return GetLoadStateResponse.newBuilder().setState(state).build();
        },
        s -> GetLoadStateResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getLoadingProgress(
      GetLoadingProgressRequest request, StreamObserver<GetLoadingProgressResponse> out) {
    reply(
        out,
        () -> {
          DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
          if (c.state() == DoubleCollection.LoadState.RELEASED) {
            throw DoubleWire.notLoaded(c);
          }
          return GetLoadingProgressResponse.newBuilder().setProgress(c.progress()).build();
        },
        s -> GetLoadingProgressResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void releaseCollection(
      ReleaseCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
    reply(
        out,
        () -> ok(() -> find(db(request.getDbName()), request.getCollectionName()).release()),
        s -> s);
  }

  // ---- data ----

  @Override
  public void insert(InsertRequest request, StreamObserver<MutationResult> out) {
    reply(
        out,
        () -> {
          DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
          List<String> written = c.insert(request.getFieldsDataList(), request.getNumRows(), false);
          return DoubleWire.mutation(written).setInsertCnt(written.size()).build();
        },
        s -> MutationResult.newBuilder().setStatus(s).build());
  }

  @Override
  public void upsert(UpsertRequest request, StreamObserver<MutationResult> out) {
    reply(
        out,
        () -> {
          DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
          List<String> written = c.insert(request.getFieldsDataList(), request.getNumRows(), true);
          return DoubleWire.mutation(written).setUpsertCnt(written.size()).build();
        },
        s -> MutationResult.newBuilder().setStatus(s).build());
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<MutationResult> out) {
    reply(
        out,
        () -> {
          DoubleCollection c = find(db(request.getDbName()), request.getCollectionName());
          if (request.getExpr().isBlank()) {
            throw DoubleWire.invalid(
                "delete plan can't be empty or always true : " + request.getExpr());
          }
          MilvusExpression.Node filter = DoubleWire.expression(request.getExpr());
          if (!MilvusExpression.byPrimaryKey(filter)) {
            DoubleWire.requireLoaded(c);
          }
          return DoubleWire.mutation(List.of()).setDeleteCnt(c.delete(filter)).build();
        },
        s -> MutationResult.newBuilder().setStatus(s).build());
  }

  @Override
  public void flush(FlushRequest request, StreamObserver<FlushResponse> out) {
    reply(
        out,
        () -> {
          request.getCollectionNamesList().forEach(n -> find(db(request.getDbName()), n));
          return FlushResponse.newBuilder().setDbName(db(request.getDbName())).build();
        },
        s -> FlushResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getFlushState(
      GetFlushStateRequest request, StreamObserver<GetFlushStateResponse> out) {
    reply(
        out,
        () -> GetFlushStateResponse.newBuilder().setFlushed(true).build(),
        s -> GetFlushStateResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResults> out) {
    reply(
        out,
        () ->
            SearchResults.newBuilder()
                .setResults(
                    DoubleWire.search(
                        find(db(request.getDbName()), request.getCollectionName()), request))
                .build(),
        s -> SearchResults.newBuilder().setStatus(s).build());
  }

  @Override
  public void query(QueryRequest request, StreamObserver<QueryResults> out) {
    reply(
        out,
        () -> DoubleWire.query(find(db(request.getDbName()), request.getCollectionName()), request),
        s -> QueryResults.newBuilder().setStatus(s).build());
  }

  // ---- behaviour ----

  private void create(CreateCollectionRequest request) {
    String db = db(request.getDbName());
    String name = request.getCollectionName();
    if (!NAME.matcher(name).matches()) {
      throw DoubleWire.invalid(
          "Invalid collection name: "
              + name
              + ". the first character of a collection name must be"
              + " an underscore or letter: invalid parameter");
    }
    CollectionSchema schema;
    try {
      schema = CollectionSchema.parseFrom(request.getSchema());
    } catch (InvalidProtocolBufferException e) {
      throw DoubleWire.invalid("cannot unmarshal the collection schema: " + e.getMessage());
    }
    if (schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).count() != 1) {
      throw DoubleWire.invalid("there should be exactly one primary key in the schema");
    }
    FieldSchema vector =
        schema.getFieldsList().stream()
            .filter(f -> f.getDataType() == DataType.FloatVector)
            .findFirst()
            .orElseThrow(() -> DoubleWire.invalid("schema does not contain vector field"));
    int dim =
        Integer.parseInt(DoubleCollection.param(vector.getTypeParamsList(), "dim").orElse("0"));
    if (dim < 2 || dim > 32_768) {
      throw DoubleWire.invalid("invalid dimension: " + dim + ". should be in range 2 ~ 32768");
    }
    DoubleCollection created =
        new DoubleCollection(ids.incrementAndGet(), name, schema, request.getConsistencyLevel());
    if (collections.putIfAbsent(key(db, name), created) != null) {
      throw new MilvusError(
          65535, ErrorCode.UnexpectedError, "collection " + name + " already exists");
    }
    if (startReleased) {
      loadsToIgnore.add(key(db, name));
    }
  }

  private DoubleCollection find(String db, String name) {
    DoubleCollection c = collections.get(key(db, name));
    if (c == null) {
      throw new MilvusError(
          100,
          ErrorCode.CollectionNotExists,
          "collection not found[database=" + db + "][collection=" + name + "]");
    }
    return c;
  }

  private String db(String fromRequest) {
    String db = fromRequest.isEmpty() ? DATABASE.get() : fromRequest;
    db = db == null || db.isEmpty() ? "default" : db;
    if (!databases.contains(db)) {
      throw new MilvusError(
          800, ErrorCode.UnexpectedError, "database not found[database=" + db + "]");
    }
    return db;
  }

  private static String key(String db, String name) {
    return db + "." + name;
  }

  private static KeyValuePair kv(String key, String value) {
    return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
  }

  private static io.milvus.grpc.Status ok(Runnable action) {
    action.run();
    return io.milvus.grpc.Status.newBuilder().build();
  }

  private static <T> void reply(
      StreamObserver<T> out, Supplier<T> answer, Function<io.milvus.grpc.Status, T> failed) {
    T response;
    try {
      response = answer.get();
    } catch (MilvusError e) {
      response = failed.apply(e.status());
    }
    out.onNext(response);
    out.onCompleted();
  }

  /** Records every call, checks the token, and passes the database header on. */
  private final class Gate implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      calls.add(call.getMethodDescriptor().getBareMethodName());
      String authorization = headers.get(AUTHORIZATION);
      String decoded =
          authorization == null
              ? null
              : new String(Base64.getDecoder().decode(authorization), StandardCharsets.UTF_8);
      if (decoded != null) {
        authorizations.add(decoded);
      }
      String token = requiredToken;
      if (token != null && !token.equals(decoded)) {
        call.close(
            Status.UNAUTHENTICATED.withDescription(
                "auth check failure, please check username, password or token is correct"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      String db = headers.get(DBNAME);
      Context context = Context.current().withValue(DATABASE, db == null ? "" : db);
      return Contexts.interceptCall(context, call, headers, next);
    }
  }
}
