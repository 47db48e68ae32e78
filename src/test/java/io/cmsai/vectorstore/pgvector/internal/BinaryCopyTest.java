package io.cmsai.vectorstore.pgvector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.VectorRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryCopyTest {

  @Test
  void records_spanning_many_chunks_and_one_larger_than_a_chunk_decode_back() throws SQLException {
    Random random = new Random(9);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      float[] v = new float[384];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) random.nextGaussian();
      }
      String text = i == 250 ? "x".repeat(BinaryCopy.CHUNK + 10) : "document é " + i;
      records.add(new VectorRecord("id-" + i, v, text, Map.of("n", (long) i)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> chunks = new ArrayList<>();

    BinaryCopy.write(
        records,
        (bytes, offset, length) -> {
          chunks.add(length);
          out.write(bytes, offset, length);
        });

    assertTrue(chunks.size() > 3, "chunks: " + chunks.size());
    assertEquals(records, decode(ByteBuffer.wrap(out.toByteArray())));
  }

  @Test
  void an_empty_batch_is_a_header_and_a_trailer() throws SQLException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryCopy.write(List.of(), (bytes, offset, length) -> out.write(bytes, offset, length));
    assertEquals(11 + 4 + 4 + 2, out.size());
  }

  private static List<VectorRecord> decode(ByteBuffer in) {
    byte[] signature = new byte[11];
    in.get(signature);
    assertEquals("PGCOPY", new String(signature, 0, 6, StandardCharsets.US_ASCII));
    in.getInt();
    in.getInt();
    List<VectorRecord> records = new ArrayList<>();
    for (short fields = in.getShort(); fields != -1; fields = in.getShort()) {
      assertEquals(4, fields);
      String id = text(in, in.getInt());
      in.getInt();
      float[] vector = new float[in.getShort()];
      in.getShort();
      for (int i = 0; i < vector.length; i++) {
        vector[i] = in.getFloat();
      }
      String content = text(in, in.getInt());
      int jsonLength = in.getInt() - 1;
      assertEquals(1, in.get());
      String json = text(in, jsonLength);
      records.add(new VectorRecord(id, vector, content, MetadataJson.read(json)));
    }
    assertEquals(0, in.remaining());
    return records;
  }

  private static String text(ByteBuffer in, int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void vectors_are_big_endian_float4() throws SQLException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryCopy.write(
        List.of(new VectorRecord("a", new float[] {1.5f, -2f}, "", Map.of())),
        (bytes, offset, length) -> out.write(bytes, offset, length));
    byte[] payload = out.toByteArray();
    // header 19, field count 2, id length 4 + 1, vector length 4, dimension 2, unused 2
    int at = 19 + 2 + 5 + 4 + 4;
    assertEquals(
        Arrays.toString(ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f).array()),
        Arrays.toString(Arrays.copyOfRange(payload, at, at + 8)));
  }
}
