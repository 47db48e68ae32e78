package io.cmsai.vectorstore.milvus.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.CollectionSchema;
import io.milvus.v2.service.collection.request.CreateCollectionReq.FieldSchema;
import io.milvus.v2.service.index.response.DescribeIndexResp.IndexDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collection layout the Milvus store uses ({@code id} VarChar primary key, {@code vector}
 * FloatVector, {@code text} VarChar, {@code metadata} JSON), its vector index, and the embedding
 * fingerprint kept in the collection's description. Stateless.
 */
public final class MilvusSchema {

  public static final String ID = "id";
  public static final String VECTOR = "vector";
  public static final String TEXT = "text";
  public static final String METADATA = "metadata";

  /**
   * Bytes of the id field: Milvus counts VarChar lengths in bytes and the port allows ids of 255
   * UTF-16 characters, at most 3 UTF-8 bytes each; 4 leaves room.
   */
  public static final int ID_MAX_BYTES = 1020;

  /** Bytes of the text field (Milvus's VarChar limit). */
  public static final int TEXT_MAX_BYTES = 65_535;

  /** The description of collections made by this module, before the recorded fingerprint. */
  public static final String DESCRIPTION = "cms-ai vector store";

  private static final String FINGERPRINT_MARK = "; fingerprint: ";

  private MilvusSchema() {}

  /** The four fields, no dynamic field. */
  public static CollectionSchema schema(int dimension) {
    CollectionSchema schema = CollectionSchema.builder().enableDynamicField(false).build();
    schema.addField(
        AddFieldReq.builder()
            .fieldName(ID)
            .dataType(DataType.VarChar)
            .maxLength(ID_MAX_BYTES)
            .isPrimaryKey(true)
            .autoID(false)
            .build());
    schema.addField(
        AddFieldReq.builder()
            .fieldName(VECTOR)
            .dataType(DataType.FloatVector)
            .dimension(dimension)
            .build());
    schema.addField(
        AddFieldReq.builder()
            .fieldName(TEXT)
            .dataType(DataType.VarChar)
            .maxLength(TEXT_MAX_BYTES)
            .build());
    schema.addField(AddFieldReq.builder().fieldName(METADATA).dataType(DataType.JSON).build());
    return schema;
  }

  /** The vector index for {@code spec}: NONE is FLAT, IVFFLAT's {@code lists} is {@code nlist}. */
  /** Milvus's own {@code nlist} when an IVF_FLAT index does not report one. */
  private static final int MILVUS_DEFAULT_NLIST = 128;

  public static IndexParam vectorIndex(IndexSpec spec, DistanceMetric metric) {
    IndexParam.IndexParamBuilder index =
        IndexParam.builder().fieldName(VECTOR).metricType(metricType(metric));
    if (spec instanceof IndexSpec.Hnsw hnsw) {
      index
          .indexType(IndexParam.IndexType.HNSW)
          .extraParams(Map.of("M", hnsw.m(), "efConstruction", hnsw.efConstruction()));
    } else if (spec instanceof IndexSpec.IvfFlat ivf) {
      index.indexType(IndexParam.IndexType.IVF_FLAT).extraParams(Map.of("nlist", ivf.lists()));
    } else if (spec instanceof IndexSpec.Auto) {
      index.indexType(IndexParam.IndexType.AUTOINDEX);
    } else {
      index.indexType(IndexParam.IndexType.FLAT);
    }
    return index.build();
  }

  public static IndexParam.MetricType metricType(DistanceMetric metric) {
    return switch (metric) {
      case COSINE -> IndexParam.MetricType.COSINE;
      case INNER_PRODUCT -> IndexParam.MetricType.IP;
      case L2 -> IndexParam.MetricType.L2;
    };
  }

  /** The port's metric for Milvus's, empty for metrics of other vector kinds. */
  public static Optional<DistanceMetric> metric(IndexParam.MetricType type) {
    return switch (type) {
      case COSINE -> Optional.of(DistanceMetric.COSINE);
      case IP -> Optional.of(DistanceMetric.INNER_PRODUCT);
      case L2 -> Optional.of(DistanceMetric.L2);
      default -> Optional.empty();
    };
  }

  /** The description recording {@code fingerprint}. */
  public static String description(Optional<EmbeddingFingerprint> fingerprint) {
    return fingerprint.map(f -> DESCRIPTION + FINGERPRINT_MARK + json(f)).orElse(DESCRIPTION);
  }

  /** The fingerprint recorded in a description, if it holds a readable one. */
  public static Optional<EmbeddingFingerprint> fingerprint(String description) {
    int at = description == null ? -1 : description.indexOf(FINGERPRINT_MARK);
    if (at < 0) {
      return Optional.empty();
    }
    try {
      JsonObject json =
          JsonParser.parseString(description.substring(at + FINGERPRINT_MARK.length()))
              .getAsJsonObject();
      return Optional.of(
          new EmbeddingFingerprint(
              json.get("model").getAsString(),
              json.get("dimension").getAsInt(),
              DistanceMetric.parse(json.get("metric").getAsString()),
              json.get("normalized").getAsBoolean()));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Why a collection's fields do not fit the store (empty when they do): the four fields with their
   * types.
   */
  public static List<String> problems(CollectionSchema schema) {
    List<String> problems = new ArrayList<>();
    expect(schema, ID, DataType.VarChar, problems);
    expect(schema, VECTOR, DataType.FloatVector, problems);
    expect(schema, TEXT, DataType.VarChar, problems);
    expect(schema, METADATA, DataType.JSON, problems);
    FieldSchema id = schema.getField(ID);
    if (id != null && !Boolean.TRUE.equals(id.getIsPrimaryKey())) {
      problems.add("field id is not the primary key");
    }
    return problems;
  }

  /** The dimension of the {@code vector} field. */
  public static int dimension(CollectionSchema schema) {
    Integer dimension = schema.getField(VECTOR).getDimension();
    return dimension == null ? 0 : dimension;
  }

  /** The port's view of a Milvus vector index (types it does not model read as AUTOINDEX). */
  public static IndexSpec indexSpec(IndexDesc index) {
    Map<String, String> params = index.getExtraParams();
    return switch (index.getIndexType()) {
      case FLAT -> IndexSpec.none();
      case HNSW ->
          IndexSpec.hnsw(
              number(params, "M", IndexSpec.DEFAULT_M),
              number(params, "efConstruction", IndexSpec.DEFAULT_EF_CONSTRUCTION));
      case IVF_FLAT -> IndexSpec.ivfFlat(number(params, "nlist", MILVUS_DEFAULT_NLIST));
      default -> IndexSpec.auto();
    };
  }

  private static void expect(
      CollectionSchema schema, String name, DataType type, List<String> problems) {
    FieldSchema field = schema.getField(name);
    if (field == null) {
      problems.add("it has no field " + name + " (" + type + ")");
    } else if (field.getDataType() != type) {
      problems.add("field " + name + " is " + field.getDataType() + ", not " + type);
    }
  }

  private static int number(Map<String, String> params, String name, int fallback) {
    try {
      return params.containsKey(name) ? Integer.parseInt(params.get(name).strip()) : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String json(EmbeddingFingerprint fingerprint) {
    JsonObject json = new JsonObject();
    json.addProperty("model", fingerprint.model());
    json.addProperty("dimension", fingerprint.dimension());
    json.addProperty("metric", fingerprint.metric().id());
    json.addProperty("normalized", fingerprint.normalized());
    return json.toString();
  }
}
