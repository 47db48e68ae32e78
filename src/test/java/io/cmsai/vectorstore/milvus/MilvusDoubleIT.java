package io.cmsai.vectorstore.milvus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.milvus.internal.MilvusRows;
import io.cmsai.vectorstore.milvus.internal.MilvusSchema;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import io.milvus.shaded.io.grpc.ManagedChannel;
import io.milvus.shaded.io.grpc.ManagedChannelBuilder;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.shaded.io.grpc.StatusRuntimeException;
import io.milvus.shaded.io.grpc.stub.MetadataUtils;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp.SearchResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MilvusDouble} answers the plain SDK (and the wire, where the SDK checks first) the way
 * Milvus does: error codes and messages, squared L2 scores, the index metric, loading, the token.
 */
class MilvusDoubleIT {

  private static final String TOKEN = "root:Double-Token";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static MilvusDouble milvus;

  private MilvusClientV2 client;
  private String name;

  @BeforeAll
  static void start() {
    milvus = MilvusDouble.start();
    milvus.requireToken(TOKEN);
  }

  @AfterAll
  static void stop() {
    milvus.close();
  }

  @BeforeEach
  void connect() {
    client = new MilvusClientV2(ConnectConfig.builder().uri(milvus.uri()).token(TOKEN).build());
    name = "double_" + NAMES.incrementAndGet();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void l2_scores_are_squared_distances_and_cosine_and_ip_as_computed() {
    create(IndexParam.MetricType.L2);
    insert(new float[] {1, 0, 0, 0}, new float[] {0, 3, 0, 0});

    List<SearchResult> hits = search(new float[] {1, 0, 0, 0}, Map.of());

    assertEquals(List.of("v0", "v1"), hits.stream().map(SearchResult::getId).toList());
    assertEquals(0f, hits.get(0).getScore(), 1e-6);
    assertEquals(10f, hits.get(1).getScore(), 1e-6, "1 + 9, not its square root");
    assertEquals(
        Map.of("k", "v"), MilvusRows.metadata(hits.get(0).getEntity().get(MilvusSchema.METADATA)));
  }

  @Test
  void a_search_naming_another_metric_than_the_index_is_refused() {
    create(IndexParam.MetricType.COSINE);

    MilvusClientException refused =
        assertThrows(
            MilvusClientException.class,
            () ->
                client.search(
                    request(new float[] {1, 0, 0, 0}, Map.of())
                        .metricType(IndexParam.MetricType.L2)
                        .build()));

    assertEquals(1100, refused.getServerErrCode());
    assertEquals(
        "metric type not match: invalid parameter[expected=COSINE][actual=L2]",
        refused.getMessage());
  }

  @Test
  void hnsw_refuses_an_ef_below_the_limit() {
    create(IndexParam.MetricType.IP, IndexParam.IndexType.HNSW);

    MilvusClientException refused =
        assertThrows(
            MilvusClientException.class,
            () -> client.search(request(new float[] {1, 0, 0, 0}, Map.of("ef", 2)).build()));

    assertEquals("ef(2) should be larger than k(3)", refused.getMessage());
  }

  @Test
  void searches_of_a_released_collection_fail_with_code_101() {
    create(IndexParam.MetricType.COSINE);
    milvus.release(name);

    MilvusClientException refused =
        assertThrows(MilvusClientException.class, () -> search(new float[] {1, 0, 0, 0}, Map.of()));

    assertEquals(101, refused.getServerErrCode());
    assertTrue(refused.getMessage().startsWith("collection not loaded[collection="));
  }

  @Test
  void a_collection_without_index_cannot_be_loaded() {
    client.createCollection(
        CreateCollectionReq.builder()
            .collectionName(name)
            .collectionSchema(MilvusSchema.schema(4))
            .build());

    MilvusClientException refused =
        assertThrows(
            MilvusClientException.class,
            () -> client.loadCollection(LoadCollectionReq.builder().collectionName(name).build()));

    assertEquals(700, refused.getServerErrCode());
  }

  @Test
  void vectors_of_another_dimension_are_refused_with_milvus_message() {
    create(IndexParam.MetricType.COSINE);
    URI uri = URI.create(milvus.uri());
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext().build();
    try {
      // The SDK checks dimensions itself, so this row goes to the wire without it.
      MutationResult refused =
          MilvusServiceGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(authorization()))
              .insert(rowOfDimension(5));

      assertEquals(1100, refused.getStatus().getCode());
      assertEquals(
          "the dim (5) of field data(vector) is not equal to schema dim (4): invalid"
              + " parameter[expected=4][actual=5]",
          refused.getStatus().getReason());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void an_expression_milvus_cannot_parse_is_refused() {
    create(IndexParam.MetricType.COSINE);

    MilvusClientException refused =
        assertThrows(
            MilvusClientException.class,
            () ->
                client.search(
                    request(new float[] {1, 0, 0, 0}, Map.of())
                        .filter("not metadata[\"k\"] == \"v\"")
                        .build()));

    assertEquals(1100, refused.getServerErrCode());
    assertTrue(refused.getMessage().contains("cannot parse expression"), refused.getMessage());
  }

  @Test
  void a_wrong_token_is_refused_as_unauthenticated() {
    StatusRuntimeException refused =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                new MilvusClientV2(
                    ConnectConfig.builder().uri(milvus.uri()).token("root:wrong").build()));

    assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
    assertTrue(milvus.authorizations().contains("root:wrong"));
  }

  // ---- helpers ----

  private void create(IndexParam.MetricType metric) {
    create(metric, IndexParam.IndexType.FLAT);
  }

  private void create(IndexParam.MetricType metric, IndexParam.IndexType type) {
    client.createCollection(
        CreateCollectionReq.builder()
            .collectionName(name)
            .collectionSchema(MilvusSchema.schema(4))
            .indexParams(
                List.of(
                    IndexParam.builder()
                        .fieldName(MilvusSchema.VECTOR)
                        .indexType(type)
                        .metricType(metric)
                        .build()))
            .build());
  }

  private void insert(float[]... vectors) {
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      rows.add(MilvusRows.row(new VectorRecord("v" + i, vectors[i], "t", Map.of("k", "v"))));
    }
    client.insert(InsertReq.builder().collectionName(name).data(rows).build());
  }

  private List<SearchResult> search(float[] query, Map<String, Object> params) {
    return client.search(request(query, params).build()).getSearchResults().get(0);
  }

  private SearchReq.SearchReqBuilder request(float[] query, Map<String, Object> params) {
    return SearchReq.builder()
        .collectionName(name)
        .data(List.of(new FloatVec(query)))
        .limit(3)
        .searchParams(params)
        .outputFields(List.of(MilvusSchema.TEXT, MilvusSchema.METADATA));
  }

  private InsertRequest rowOfDimension(int dimension) {
    List<Float> vector = new ArrayList<>();
    for (int i = 0; i < dimension; i++) {
      vector.add(0.5f);
    }
    return InsertRequest.newBuilder()
        .setCollectionName(name)
        .setNumRows(1)
        .addFieldsData(strings("id", "x"))
        .addFieldsData(strings("text", ""))
        .addFieldsData(
            FieldData.newBuilder()
                .setFieldName("metadata")
                .setType(io.milvus.grpc.DataType.JSON)
                .setScalars(
                    ScalarField.newBuilder()
                        .setJsonData(
                            JSONArray.newBuilder().addData(ByteString.copyFromUtf8("{}")))))
        .addFieldsData(
            FieldData.newBuilder()
                .setFieldName("vector")
                .setType(io.milvus.grpc.DataType.FloatVector)
                .setVectors(
                    VectorField.newBuilder()
                        .setDim(dimension)
                        .setFloatVector(FloatArray.newBuilder().addAllData(vector))))
        .build();
  }

  private static FieldData strings(String field, String value) {
    return FieldData.newBuilder()
        .setFieldName(field)
        .setType(io.milvus.grpc.DataType.VarChar)
        .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder().addData(value)))
        .build();
  }

  private static Metadata authorization() {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }
}
