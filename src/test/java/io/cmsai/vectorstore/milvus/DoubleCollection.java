package io.cmsai.vectorstore.milvus;

import com.google.gson.JsonParser;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.KeyValuePair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One collection of the {@link MilvusDouble}: its schema as the client sent it, its vector index,
 * its load state and its entities, searched by brute force the way Milvus computes scores (COSINE
 * similarity and IP descending, <em>squared</em> L2 ascending). Every method is synchronized.
 */
@SuppressWarnings("deprecation") // Milvus still fills the legacy ErrorCode next to the code
final class DoubleCollection {

  /** An index on the vector field. */
  record Index(String type, String metric, Map<String, String> params) {}

  /** One entity. */
  record Entity(String id, float[] vector, String text, String metadataJson) {
    MilvusExpression.Row row() {
      return new MilvusExpression.Row(
          id, text, JsonParser.parseString(metadataJson).getAsJsonObject());
    }
  }

  /** One search hit: the entity and Milvus's raw score. */
  record Hit(Entity entity, float score) {}

  enum LoadState {
    RELEASED,
    LOADING,
    LOADED
  }

  final long id;
  final String name;
  final CollectionSchema schema;
  final ConsistencyLevel consistency;
  final long createdAt;
  private final List<Entity> entities = new ArrayList<>();
  private Index index;
  private LoadState state = LoadState.RELEASED;
  private int pollsUntilLoaded;
  private int loadRequests;

  DoubleCollection(long id, String name, CollectionSchema schema, ConsistencyLevel consistency) {
    this.id = id;
    this.name = name;
    this.schema = withFieldIds(schema);
    this.consistency = consistency;
    this.createdAt = System.currentTimeMillis();
  }

  synchronized Optional<Index> index() {
    return Optional.ofNullable(index);
  }

  synchronized void index(Index created) {
    if (index != null && !index.equals(created)) {
      throw new MilvusError(
          1100,
          io.milvus.grpc.ErrorCode.IllegalArgument,
          "at most one distinct index is allowed per field: invalid parameter");
    }
    index = created;
  }

  synchronized LoadState state() {
    return state;
  }

  /**
   * Counts a load request and, if {@code carriedOut}, starts loading; it completes after {@code
   * polls} progress polls (0: at once).
   */
  synchronized void load(int polls, boolean carriedOut) {
    loadRequests++;
    if (carriedOut && state != LoadState.LOADED) {
      pollsUntilLoaded = polls;
      state = polls == 0 ? LoadState.LOADED : LoadState.LOADING;
    }
  }

  synchronized int loadRequests() {
    return loadRequests;
  }

  /** Loading progress in percent; each poll of a loading collection brings it closer. */
  synchronized long progress() {
    if (state == LoadState.LOADING && --pollsUntilLoaded <= 0) {
      state = LoadState.LOADED;
    }
    return state == LoadState.LOADED ? 100 : 50;
  }

  synchronized void release() {
    state = LoadState.RELEASED;
  }

  synchronized int dimension() {
    return Integer.parseInt(param(vectorField().getTypeParamsList(), "dim").orElse("0"));
  }

  synchronized long count() {
    return entities.size();
  }

  /** Appends the rows (Milvus's insert does not replace equal primary keys). */
  synchronized List<String> insert(List<FieldData> fields, int rows, boolean replace) {
    List<Entity> parsed = entities(fields, rows);
    if (replace) {
      List<String> ids = parsed.stream().map(Entity::id).toList();
      entities.removeIf(e -> ids.contains(e.id()));
    }
    entities.addAll(parsed);
    return parsed.stream().map(Entity::id).toList();
  }

  synchronized long delete(MilvusExpression.Node filter) {
    long before = entities.size();
    entities.removeIf(e -> filter.test(e.row()));
    return before - entities.size();
  }

  synchronized List<Entity> select(MilvusExpression.Node filter) {
    return entities.stream().filter(e -> filter.test(e.row())).toList();
  }

  synchronized List<Hit> search(float[] query, int limit, MilvusExpression.Node filter) {
    String metric = index.metric();
    Comparator<Hit> best = Comparator.comparingDouble(Hit::score);
    return entities.stream()
        .filter(e -> filter.test(e.row()))
        .map(e -> new Hit(e, score(metric, query, e.vector())))
        .sorted(metric.equals("L2") ? best : best.reversed())
        .limit(limit)
        .toList();
  }

  private static float score(String metric, float[] a, float[] b) {
    float dot = 0;
    float normA = 0;
    float normB = 0;
    float squared = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
      squared += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return switch (metric) {
      case "IP" -> dot;
      case "L2" -> squared;
      default -> (float) (dot / (Math.sqrt(normA) * Math.sqrt(normB)));
    };
  }

  private List<Entity> entities(List<FieldData> fields, int rows) {
    List<String> ids = strings(field(fields, "id"), rows);
    List<String> texts = strings(field(fields, "text"), rows);
    FieldData metadata = field(fields, "metadata");
    FieldData vectors = field(fields, "vector");
    int dim = dimension();
    if (vectors.getVectors().getDim() != dim) {
      throw new MilvusError(
          1100,
          io.milvus.grpc.ErrorCode.IllegalArgument,
          String.format(
              "the dim (%d) of field data(vector) is not equal to schema dim (%d): invalid"
                  + " parameter[expected=%d][actual=%d]",
              vectors.getVectors().getDim(), dim, dim, vectors.getVectors().getDim()));
    }
    List<Float> flat = vectors.getVectors().getFloatVector().getDataList();
    List<Entity> parsed = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      float[] vector = new float[dim];
      for (int i = 0; i < dim; i++) {
        vector[i] = flat.get(row * dim + i);
      }
      String json =
          metadata.getScalars().getJsonData().getData(row).toString(StandardCharsets.UTF_8);
      parsed.add(new Entity(ids.get(row), vector, texts.get(row), json));
    }
    return parsed;
  }

  private List<String> strings(FieldData data, int rows) {
    List<String> values = data.getScalars().getStringData().getDataList();
    int max =
        Integer.parseInt(
            param(schemaField(data.getFieldName()).getTypeParamsList(), "max_length")
                .orElse("65535"));
    for (int row = 0; row < values.size(); row++) {
      int length = values.get(row).getBytes(StandardCharsets.UTF_8).length;
      if (length > max) {
        throw new MilvusError(
            1100,
            io.milvus.grpc.ErrorCode.IllegalArgument,
            String.format(
                "length of varchar field %s exceeds max length, row number: %d, length: %d, max"
                    + " length: %d: invalid parameter",
                data.getFieldName(), row, length, max));
      }
    }
    if (values.size() != rows) {
      throw new MilvusError(
          1100,
          io.milvus.grpc.ErrorCode.IllegalArgument,
          "the num_rows ("
              + values.size()
              + ") of field ("
              + data.getFieldName()
              + ") is not equal to passed num_rows ("
              + rows
              + "): invalid parameter");
    }
    return values;
  }

  private FieldData field(List<FieldData> fields, String name) {
    return fields.stream()
        .filter(f -> f.getFieldName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new MilvusError(
                    1100,
                    io.milvus.grpc.ErrorCode.IllegalArgument,
                    "field " + name + " not passed: invalid parameter"));
  }

  private FieldSchema vectorField() {
    return schema.getFieldsList().stream()
        .filter(f -> f.getDataType() == DataType.FloatVector)
        .findFirst()
        .orElseThrow();
  }

  FieldSchema schemaField(String name) {
    return schema.getFieldsList().stream()
        .filter(f -> f.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new MilvusError(
                    1100,
                    io.milvus.grpc.ErrorCode.IllegalArgument,
                    "field " + name + " not exist"));
  }

  static Optional<String> param(List<KeyValuePair> params, String key) {
    return params.stream()
        .filter(p -> p.getKey().equals(key))
        .map(KeyValuePair::getValue)
        .findFirst();
  }

  private static CollectionSchema withFieldIds(CollectionSchema schema) {
    CollectionSchema.Builder numbered = schema.toBuilder().clearFields();
    long fieldId = 100;
    for (FieldSchema field : schema.getFieldsList()) {
      numbered.addFields(field.toBuilder().setFieldID(fieldId++));
    }
    return numbered.build();
  }
}
