package io.cmsai.vectorstore.milvus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.CollectionSchema;
import io.milvus.v2.service.index.response.DescribeIndexResp.IndexDesc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MilvusSchemaTest {

  @Test
  void the_schema_has_the_four_fields_and_no_dynamic_field() {
    CollectionSchema schema = MilvusSchema.schema(384);

    assertEquals(List.of(), MilvusSchema.problems(schema));
    assertEquals(384, MilvusSchema.dimension(schema));
    assertTrue(schema.getField("id").getIsPrimaryKey());
    assertEquals(MilvusSchema.TEXT_MAX_BYTES, schema.getField("text").getMaxLength());
    assertEquals(DataType.JSON, schema.getField("metadata").getDataType());
    assertFalse(schema.isEnableDynamicField());
  }

  @Test
  void a_foreign_schema_is_described_field_by_field() {
    CollectionSchema foreign = CollectionSchema.builder().build();
    foreign.addField(
        AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    foreign.addField(
        AddFieldReq.builder()
            .fieldName("vector")
            .dataType(DataType.FloatVector)
            .dimension(8)
            .build());

    assertEquals(
        List.of(
            "field id is Int64, not VarChar",
            "it has no field text (VarChar)",
            "it has no field metadata (JSON)"),
        MilvusSchema.problems(foreign));
  }

  @Test
  void index_specs_map_to_milvus_index_types_and_parameter_names() {
    IndexParam hnsw = MilvusSchema.vectorIndex(IndexSpec.hnsw(8, 40), DistanceMetric.L2);
    IndexParam ivf = MilvusSchema.vectorIndex(IndexSpec.ivfFlat(256), DistanceMetric.INNER_PRODUCT);
    IndexParam flat = MilvusSchema.vectorIndex(IndexSpec.none(), DistanceMetric.COSINE);
    IndexParam auto =
        MilvusSchema.vectorIndex(
            IndexSpec.of(IndexType.AUTOINDEX, Map.of()), DistanceMetric.COSINE);

    assertEquals(IndexParam.IndexType.HNSW, hnsw.getIndexType());
    assertEquals(Map.of("M", 8, "efConstruction", 40), hnsw.getExtraParams());
    assertEquals(IndexParam.MetricType.L2, hnsw.getMetricType());
    assertEquals(IndexParam.IndexType.IVF_FLAT, ivf.getIndexType());
    assertEquals(Map.of("nlist", 256), ivf.getExtraParams());
    assertEquals(IndexParam.MetricType.IP, ivf.getMetricType());
    assertEquals(IndexParam.IndexType.FLAT, flat.getIndexType());
    assertEquals(IndexParam.IndexType.AUTOINDEX, auto.getIndexType());
  }

  @Test
  void described_indexes_read_back_as_index_specs() {
    assertEquals(
        IndexSpec.hnsw(8, 40),
        MilvusSchema.indexSpec(
            index(IndexParam.IndexType.HNSW, Map.of("M", "8", "efConstruction", "40"))));
    assertEquals(
        IndexSpec.ivfFlat(256),
        MilvusSchema.indexSpec(index(IndexParam.IndexType.IVF_FLAT, Map.of("nlist", "256"))));
    assertEquals(
        IndexSpec.none(), MilvusSchema.indexSpec(index(IndexParam.IndexType.FLAT, Map.of())));
    assertEquals(
        IndexType.AUTOINDEX,
        MilvusSchema.indexSpec(index(IndexParam.IndexType.DISKANN, Map.of())).type());
    assertEquals(Optional.empty(), MilvusSchema.metric(IndexParam.MetricType.HAMMING));
    assertEquals(
        Optional.of(DistanceMetric.INNER_PRODUCT), MilvusSchema.metric(IndexParam.MetricType.IP));
  }

  @Test
  void the_fingerprint_round_trips_through_the_description() {
    EmbeddingFingerprint fingerprint =
        new EmbeddingFingerprint(
            "intfloat/e5 \"v2\"; fingerprint: x", 768, DistanceMetric.L2, false);

    String description = MilvusSchema.description(Optional.of(fingerprint));

    assertTrue(description.startsWith(MilvusSchema.DESCRIPTION), description);
    assertEquals(Optional.of(fingerprint), MilvusSchema.fingerprint(description));
    assertEquals(MilvusSchema.DESCRIPTION, MilvusSchema.description(Optional.empty()));
    assertEquals(Optional.empty(), MilvusSchema.fingerprint(MilvusSchema.DESCRIPTION));
    assertEquals(
        Optional.empty(), MilvusSchema.fingerprint("cms-ai vector store; fingerprint: {broken"));
    assertEquals(Optional.empty(), MilvusSchema.fingerprint(null));
  }

  private static IndexDesc index(IndexParam.IndexType type, Map<String, String> params) {
    return IndexDesc.builder()
        .fieldName("vector")
        .indexType(type)
        .metricType(IndexParam.MetricType.COSINE)
        .extraParams(params)
        .build();
  }
}
