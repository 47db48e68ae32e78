package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.vectorstore.VectorRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes records in PostgreSQL's binary COPY format for the columns {@code (id varchar, embedding
 * vector, content text, metadata jsonb)}: no float is turned into text. pgvector's binary {@code
 * vector} is a 16-bit dimension, 16 unused bits and big-endian float4 values; {@code jsonb} is a
 * version byte (1) and the JSON text. The payload is sized exactly and the vectors are copied in
 * bulk. Stateless.
 */
public final class BinaryCopy {

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  private BinaryCopy() {}

  /** The whole COPY payload (header, one tuple per record, trailer). */
  public static byte[] encode(List<VectorRecord> records) {
    List<byte[][]> texts = new ArrayList<>(records.size());
    long size = SIGNATURE.length + 8 + 2;
    for (VectorRecord record : records) {
      byte[][] t = {
        record.id().getBytes(StandardCharsets.UTF_8),
        record.text().getBytes(StandardCharsets.UTF_8),
        MetadataJson.write(record.metadata()).getBytes(StandardCharsets.UTF_8)
      };
      texts.add(t);
      size +=
          2 + 4 + t[0].length + 4 + 4 + 4L * record.dimension() + 4 + t[1].length + 5 + t[2].length;
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("the batch is too large for one COPY: split it");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.put(SIGNATURE).putInt(0).putInt(0);
    for (int i = 0; i < records.size(); i++) {
      byte[][] t = texts.get(i);
      VectorRecord record = records.get(i);
      int dimension = record.dimension();
      out.putShort((short) 4);
      out.putInt(t[0].length).put(t[0]);
      out.putInt(4 + 4 * dimension).putShort((short) dimension).putShort((short) 0);
      record.putVector(out.asFloatBuffer());
      out.position(out.position() + 4 * dimension);
      out.putInt(t[1].length).put(t[1]);
      out.putInt(t[2].length + 1).put((byte) 1).put(t[2]);
    }
    out.putShort((short) -1);
    return out.array();
  }
}
