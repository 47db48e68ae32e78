package io.cmsai.it;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Array;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A throwaway entity with a pgvector column, for {@link PgVectorIT}. */
@Entity
@Table(name = "it_vector_probe")
public class VectorProbe {

  @Id private long id;

  @JdbcTypeCode(SqlTypes.VECTOR)
  @Array(length = 3)
  @Column(name = "embedding")
  private float[] embedding;

  protected VectorProbe() {}

  VectorProbe(long id, float[] embedding) {
    this.id = id;
    this.embedding = embedding.clone();
  }

  long id() {
    return id;
  }

  float[] embedding() {
    return embedding.clone();
  }
}
