package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL binary COPY rows {@code (id varchar, embedding vector, content text, metadata jsonb)},
 * streamed to the server in 256 KB chunks. pgvector's binary vector: int16 dimension, int16 unused,
 * big-endian float4 values; jsonb: version byte 1, then the JSON text.
 */
public final class CopyWriter {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };
  private final CopyIn copy;
  private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

  public CopyWriter(CopyIn copy) {
    this.copy = copy;
  }

  public void header() throws SQLException {
    room(SIGNATURE.length + 8);
    buffer.put(SIGNATURE).putInt(0).putInt(0);
  }

  public void row(Dataset data, int i) throws SQLException {
    float[] v = data.vectors()[i];
    byte[] id = data.id(i).getBytes(StandardCharsets.UTF_8);
    byte[] text = data.text(i).getBytes(StandardCharsets.UTF_8);
    byte[] json = data.metadataJson(i).getBytes(StandardCharsets.UTF_8);
    room(2 + 4 + id.length + 8 + 4 + 4 * v.length + 4 + text.length + 5 + json.length);
    buffer.putShort((short) 4);
    buffer.putInt(id.length).put(id);
    buffer.putInt(4 + 4 * v.length).putShort((short) v.length).putShort((short) 0);
    buffer.asFloatBuffer().put(v); // big-endian, like the buffer; bulk copy, no per-float call
    buffer.position(buffer.position() + 4 * v.length);
    buffer.putInt(text.length).put(text);
    buffer.putInt(json.length + 1).put((byte) 1).put(json);
  }

  public void trailer() throws SQLException {
    room(2);
    buffer.putShort((short) -1);
    flush();
  }

  private void room(int bytes) throws SQLException {
    if (buffer.remaining() < bytes) {
      flush();
    }
  }

  private void flush() throws SQLException {
    if (buffer.position() > 0) {
      copy.writeToCopy(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
  }
}
