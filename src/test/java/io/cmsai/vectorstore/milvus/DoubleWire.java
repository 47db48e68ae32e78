package io.cmsai.vectorstore.milvus;

import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.IDs;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.StringArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The {@link MilvusDouble}'s data plane: index creation, search and query answers laid out as
 * Milvus lays them out, and the errors Milvus gives (codes 101, 103, 700, 1100). Stateless.
 */
@SuppressWarnings("deprecation") // Milvus still fills the legacy ErrorCode next to the code
final class DoubleWire {

  private static final Set<String> INDEX_TYPES = Set.of("FLAT", "HNSW", "IVF_FLAT", "AUTOINDEX");
  private static final Set<String> METRICS = Set.of("COSINE", "IP", "L2");

  private DoubleWire() {}

  /** Creates the index a CreateIndex request describes, refusing what Milvus refuses. */
  static void index(DoubleCollection c, CreateIndexRequest request) {
    FieldSchema field = c.schemaField(request.getFieldName());
    if (field.getDataType() != DataType.FloatVector) {
      throw invalid("only the vector field is indexed by this double: " + field.getName());
    }
    Map<String, String> params = new TreeMap<>();
    String type = "AUTOINDEX";
    String metric = "COSINE";
    for (KeyValuePair pair : request.getExtraParamsList()) {
      switch (pair.getKey()) {
        case "index_type" -> type = pair.getValue();
        case "metric_type" -> metric = pair.getValue();
        case "params" ->
            JsonParser.parseString(pair.getValue())
                .getAsJsonObject()
                .entrySet()
                .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        default -> params.put(pair.getKey(), pair.getValue());
      }
    }
    if (!INDEX_TYPES.contains(type)) {
      throw invalid("invalid index type: " + type);
    }
    if (!METRICS.contains(metric)) {
      throw invalid("metric type " + metric + " not found or not supported");
    }
    int m = Integer.parseInt(params.getOrDefault("M", "16"));
    if (type.equals("HNSW") && (m < 2 || m > 2048)) {
      throw invalid("param 'M' (" + m + ") should be in range [2, 2048]");
    }
    c.index(new DoubleCollection.Index(type, metric, Map.copyOf(params)));
  }

  /** Brute-force search results for a Search request, as Milvus lays them out. */
  static SearchResultData search(DoubleCollection c, SearchRequest request) {
    requireLoaded(c);
    DoubleCollection.Index index = c.index().orElseThrow(() -> noIndex(c));
    Map<String, String> params = new HashMap<>();
    request.getSearchParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
    int limit = Integer.parseInt(params.getOrDefault("topk", "0"));
    if (limit < 1 || limit > 16_384) {
      throw invalid("topk [" + limit + "] is invalid, it should be in range [1, 16384]");
    }
    String metric = params.getOrDefault("metric_type", index.metric());
    if (!metric.isEmpty() && !metric.equals(index.metric())) {
      throw invalid(
          "metric type not match: invalid parameter[expected="
              + index.metric()
              + "][actual="
              + metric
              + "]");
    }
    if (index.type().equals("HNSW") && params.containsKey("ef")) {
      int ef = Integer.parseInt(params.get("ef"));
      if (ef < limit) {
        throw invalid("ef(" + ef + ") should be larger than k(" + limit + ")");
      }
    }
    MilvusExpression.Node filter = expression(request.getDsl());
    SearchResultData.Builder result =
        SearchResultData.newBuilder()
            .setTopK(limit)
            .addAllOutputFields(request.getOutputFieldsList())
            .setPrimaryFieldName("id");
    List<DoubleCollection.Hit> all = new ArrayList<>();
    List<float[]> queries = queries(request, c.dimension());
    for (float[] query : queries) {
      List<DoubleCollection.Hit> hits = c.search(query, limit, filter);
      result.addTopks(hits.size());
      hits.forEach(h -> result.addScores(h.score()));
      all.addAll(hits);
    }
    result.setNumQueries(queries.size());
    result.setIds(ids(all.stream().map(h -> h.entity().id()).toList()));
    List<DoubleCollection.Entity> entities =
        all.stream().map(DoubleCollection.Hit::entity).toList();
    for (String field : request.getOutputFieldsList()) {
      result.addFieldsData(output(c, field, entities));
    }
    return result.build();
  }

  /** {@code count(*)} or the requested fields of the entities a Query selects. */
  static QueryResults query(DoubleCollection c, QueryRequest request) {
    requireLoaded(c);
    MilvusExpression.Node filter = expression(request.getExpr());
    List<DoubleCollection.Entity> selected = c.select(filter);
    QueryResults.Builder results =
        QueryResults.newBuilder()
            .setCollectionName(c.name)
            .addAllOutputFields(request.getOutputFieldsList())
            .setPrimaryFieldName("id");
    if (request.getOutputFieldsList().equals(List.of("count(*)"))) {
      return results
          .addFieldsData(
              FieldData.newBuilder()
                  .setType(DataType.Int64)
                  .setFieldName("count(*)")
                  .setScalars(
                      ScalarField.newBuilder()
                          .setLongData(LongArray.newBuilder().addData(selected.size()))))
          .build();
    }
    long limit =
        request.getQueryParamsList().stream()
            .filter(p -> p.getKey().equals("limit"))
            .mapToLong(p -> Long.parseLong(p.getValue()))
            .findFirst()
            .orElse(-1);
    if (request.getExpr().isBlank() && limit < 0) {
      throw invalid("empty expression should be used with limit");
    }
    List<DoubleCollection.Entity> rows =
        selected.subList(0, (int) Math.min(selected.size(), limit < 0 ? selected.size() : limit));
    for (String field : request.getOutputFieldsList()) {
      results.addFieldsData(output(c, field, rows));
    }
    return results.build();
  }

  static List<float[]> queries(SearchRequest request, int dim) {
    PlaceholderGroup group;
    try {
      group = PlaceholderGroup.parseFrom(request.getPlaceholderGroup());
    } catch (InvalidProtocolBufferException e) {
      throw invalid("cannot read the placeholder group: " + e.getMessage());
    }
    List<float[]> queries = new ArrayList<>();
    for (ByteString bytes : group.getPlaceholders(0).getValuesList()) {
      if (bytes.size() != dim * 4) {
        throw invalid(
            "the dimension of the vector data ("
                + bytes.size() / 4
                + ") doesn't match the"
                + " dimension of the field data ("
                + dim
                + "): invalid parameter");
      }
      ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] query = new float[dim];
      buffer.asFloatBuffer().get(query);
      queries.add(query);
    }
    return queries;
  }

  static FieldData output(
      DoubleCollection c, String field, List<DoubleCollection.Entity> entities) {
    FieldSchema schema = c.schemaField(field);
    FieldData.Builder data =
        FieldData.newBuilder()
            .setFieldName(field)
            .setType(schema.getDataType())
            .setFieldId(schema.getFieldID());
    if (schema.getDataType() == DataType.JSON) {
      JSONArray.Builder json = JSONArray.newBuilder();
      entities.forEach(
          e -> json.addData(ByteString.copyFrom(e.metadataJson(), StandardCharsets.UTF_8)));
      return data.setScalars(ScalarField.newBuilder().setJsonData(json)).build();
    }
    if (schema.getDataType() == DataType.VarChar) {
      StringArray.Builder strings = StringArray.newBuilder();
      entities.forEach(e -> strings.addData(field.equals("id") ? e.id() : e.text()));
      return data.setScalars(ScalarField.newBuilder().setStringData(strings)).build();
    }
    throw invalid("this double does not return field " + field);
  }

  static MutationResult.Builder mutation(List<String> written) {
    return MutationResult.newBuilder()
        .setIDs(ids(written))
        .setTimestamp(System.currentTimeMillis() << 18)
        .addAllSuccIndex(IntStream.range(0, written.size()).boxed().map(Integer::valueOf).toList());
  }

  static IDs ids(List<String> ids) {
    return IDs.newBuilder().setStrId(StringArray.newBuilder().addAllData(ids)).build();
  }

  static MilvusExpression.Node expression(String text) {
    if (text.isBlank()) {
      return new MilvusExpression.And(List.of());
    }
    try {
      return MilvusExpression.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid("failed to create query plan: " + e.getMessage() + ": invalid parameter");
    }
  }

  static void requireLoaded(DoubleCollection c) {
    if (c.state() == DoubleCollection.LoadState.LOADING) {
      throw new MilvusError(
          103, ErrorCode.UnexpectedError, "collection not fully loaded[collection=" + c.id + "]");
    }
    if (c.state() != DoubleCollection.LoadState.LOADED) {
      throw notLoaded(c);
    }
  }

  static MilvusError notLoaded(DoubleCollection c) {
    return new MilvusError(
        101, ErrorCode.UnexpectedError, "collection not loaded[collection=" + c.id + "]");
  }

  static MilvusError noIndex(DoubleCollection c) {
    return new MilvusError(
        700, ErrorCode.IndexNotExist, "index not found[collection=" + c.name + "]");
  }

  static MilvusError invalid(String reason) {
    return new MilvusError(1100, ErrorCode.IllegalArgument, reason);
  }
}
