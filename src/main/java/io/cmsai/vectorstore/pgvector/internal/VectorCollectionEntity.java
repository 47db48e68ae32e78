package io.cmsai.vectorstore.pgvector.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One row of {@code ai_vector_collection}: what a pgvector table holds. */
@Entity
@Table(name = "ai_vector_collection")
public class VectorCollectionEntity {

  @Id
  @Column(name = "table_name", length = 130)
  private String tableName;

  @Column(name = "dimension", nullable = false)
  private int dimension;

  @Column(name = "metric", length = 20, nullable = false)
  private String metric;

  @Column(name = "index_type", length = 20, nullable = false)
  private String indexType;

  @Column(name = "index_params", length = 500, nullable = false)
  private String indexParams;

  @Column(name = "column_type", length = 20, nullable = false)
  private String columnType;

  @Column(name = "fingerprint_model", length = 300)
  private String fingerprintModel;

  @Column(name = "fingerprint_normalized")
  private Boolean fingerprintNormalized;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected VectorCollectionEntity() {}

  public VectorCollectionEntity(
      String tableName,
      int dimension,
      String metric,
      String indexType,
      String indexParams,
      String columnType,
      String fingerprintModel,
      Boolean fingerprintNormalized,
      Instant createdAt) {
    this.tableName = tableName;
    this.dimension = dimension;
    this.metric = metric;
    this.indexType = indexType;
    this.indexParams = indexParams;
    this.columnType = columnType;
    this.fingerprintModel = fingerprintModel;
    this.fingerprintNormalized = fingerprintNormalized;
    this.createdAt = createdAt;
  }

  public String tableName() {
    return tableName;
  }

  public int dimension() {
    return dimension;
  }

  public String metric() {
    return metric;
  }

  public String indexType() {
    return indexType;
  }

  public String indexParams() {
    return indexParams;
  }

  public String fingerprintModel() {
    return fingerprintModel;
  }

  public Boolean fingerprintNormalized() {
    return fingerprintNormalized;
  }
}
