package io.cmsai.vectorstore.embedded.internal;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's default codec with the store's HNSW build parameters ({@code m} → {@code maxConn},
 * {@code ef_construction} → {@code beamWidth}) for every vector field, and room for vectors longer
 * than Lucene's default limit of 1024 dimensions.
 *
 * <p>The codec keeps Lucene's name, and the vector format the name of {@link
 * Lucene99HnswVectorsFormat}: the build parameters and the dimension limit only matter when
 * writing, so any Lucene 9.12 reader (this codec or the stock one) reads the index.
 */
public final class VectorCodec extends Lucene912Codec {

  private final KnnVectorsFormat vectors;

  /**
   * A codec whose vector fields use these HNSW parameters.
   *
   * @param maxConn HNSW {@code maxConn}, 1..512
   * @param beamWidth HNSW {@code beamWidth}, 1..3200
   * @param maxDimensions the longest vector accepted
   */
  public VectorCodec(int maxConn, int beamWidth, int maxDimensions) {
    this.vectors =
        new WiderVectorsFormat(new Lucene99HnswVectorsFormat(maxConn, beamWidth), maxDimensions);
  }

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectors;
  }

  /** A vector format that accepts up to {@code maxDimensions}; otherwise its delegate. */
  private static final class WiderVectorsFormat extends KnnVectorsFormat {

    private final KnnVectorsFormat delegate;
    private final int maxDimensions;

    WiderVectorsFormat(KnnVectorsFormat delegate, int maxDimensions) {
      super(delegate.getName());
      this.delegate = delegate;
      this.maxDimensions = maxDimensions;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
      return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
      return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
      return maxDimensions;
    }

    @Override
    public String toString() {
      return delegate + " up to " + maxDimensions + " dimensions";
    }
  }
}
