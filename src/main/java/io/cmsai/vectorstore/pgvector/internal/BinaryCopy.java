package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.vectorstore.VectorRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * Encodes records in PostgreSQL's binary COPY format for the columns {@code (id varchar, embedding
 * vector, content text, metadata jsonb)}: no float is turned into text. pgvector's binary {@code
 * vector} is a 16-bit dimension, 16 unused bits and big-endian float4 values; {@code jsonb} is a
 * version byte (1) and the JSON text. The payload is written in chunks through one reused buffer
 * (vectors copied in bulk), so a batch is never held whole in memory. Stateless.
 */
public final class BinaryCopy {

  /** Where encoded chunks go, e.g. PgJDBC's {@code CopyIn.writeToCopy}. */
  @FunctionalInterface
  public interface Sink {
    void write(byte[] bytes, int offset, int length) throws SQLException;
  }

  /** The size of the reused buffer; a larger tuple gets a buffer of its own. */
  static final int CHUNK = 256 * 1024;

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  private BinaryCopy() {}

  /** Writes the whole COPY payload (header, one tuple per record, trailer) to {@code sink}. */
  public static void write(List<VectorRecord> records, Sink sink) throws SQLException {
    ByteBuffer out = ByteBuffer.allocate(CHUNK);
    out.put(SIGNATURE).putInt(0).putInt(0);
    for (VectorRecord record : records) {
      byte[] id = record.id().getBytes(StandardCharsets.UTF_8);
      byte[] text = record.text().getBytes(StandardCharsets.UTF_8);
      byte[] json = MetadataJson.write(record.metadata()).getBytes(StandardCharsets.UTF_8);
      int dimension = record.dimension();
      int size = 2 + 4 + id.length + 4 + 4 + 4 * dimension + 4 + text.length + 5 + json.length;
      if (size > out.remaining()) {
        flush(out, sink);
      }
      ByteBuffer tuple = size > out.remaining() ? ByteBuffer.allocate(size) : out;
      tuple.putShort((short) 4);
      tuple.putInt(id.length).put(id);
      tuple.putInt(4 + 4 * dimension).putShort((short) dimension).putShort((short) 0);
      record.putVector(tuple.asFloatBuffer());
      tuple.position(tuple.position() + 4 * dimension);
      tuple.putInt(text.length).put(text);
      tuple.putInt(json.length + 1).put((byte) 1).put(json);
      if (tuple != out) {
        flush(tuple, sink);
      }
    }
    if (out.remaining() < 2) {
      flush(out, sink);
    }
    out.putShort((short) -1);
    flush(out, sink);
  }

  private static void flush(ByteBuffer buffer, Sink sink) throws SQLException {
    if (buffer.position() > 0) {
      sink.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
  }
}
