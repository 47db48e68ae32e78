package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.vectorstore.VectorRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes records in PostgreSQL's binary COPY format for a table {@code (id varchar, embedding
 * vector, content text, metadata jsonb)}: no float is turned into text. pgvector's binary {@code
 * vector} is a 16-bit dimension, 16 unused bits and big-endian float4 values; {@code jsonb} is a
 * version byte (1) and the JSON text. Not thread-safe; one instance per COPY.
 */
public final class BinaryCopy {

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  private BinaryCopy() {}

  /** The whole COPY payload (header, one tuple per record, trailer). */
  public static byte[] encode(List<VectorRecord> records) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(
            records.isEmpty() ? 64 : records.size() * (records.get(0).vector().length * 4 + 256));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(SIGNATURE);
      out.writeInt(0); // flags
      out.writeInt(0); // header extension length
      for (VectorRecord record : records) {
        out.writeShort(4);
        text(out, record.id());
        vector(out, record.vector());
        text(out, record.text());
        byte[] json = MetadataJson.write(record.metadata()).getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length + 1);
        out.writeByte(1);
        out.write(json);
      }
      out.writeShort(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void vector(DataOutputStream out, float[] vector) throws IOException {
    out.writeInt(4 + 4 * vector.length);
    out.writeShort(vector.length);
    out.writeShort(0);
    for (float v : vector) {
      out.writeFloat(v);
    }
  }
}
