package io.cmsai.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the relay hands the container: the events of one upstream read leave in one flush (one write
 * to the socket), not one per event; each read's events leave when that read ends.
 */
class SseRelayWritesTest {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final CountingOutput out = new CountingOutput();
  private int completions;

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void the_events_of_one_read_leave_in_one_flush() throws Exception {
    SseRelay relay = relay();

    for (int i = 0; i < 40; i++) {
      relay.onRawChunk(chunk("t" + i));
    }
    assertEquals(0, out.flushes, "nothing leaves before the read ended");
    relay.onReadEnd();

    assertEquals(1, out.flushes);
    String sent = out.text();
    assertEquals(40, sent.split("\n\n", -1).length - 1, sent);
    assertTrue(sent.startsWith("data: {"), sent);
  }

  @Test
  void each_read_leaves_when_it_ends() throws Exception {
    SseRelay relay = relay();

    for (int read = 0; read < 3; read++) {
      relay.onRawChunk(chunk("r" + read));
      relay.onReadEnd();
      assertEquals(read + 1, out.flushes);
      assertTrue(out.text().contains("r" + read), out.text());
    }
  }

  @Test
  void the_end_of_the_stream_writes_what_is_held_and_completes_the_response() throws Exception {
    SseRelay relay = relay();
    relay.onRawChunk(chunk("last"));

    relay.onComplete((io.cmsai.provider.ChatResponse) null);

    assertTrue(out.text().contains("last"), out.text());
    assertTrue(out.text().endsWith("data: [DONE]\n\n"), out.text());
    assertEquals(1, completions);
  }

  private SseRelay relay() throws Exception {
    HttpServletResponse response =
        proxy(
            HttpServletResponse.class,
            (method, args) -> method.equals("getOutputStream") ? out : null);
    AsyncContext async =
        proxy(
            AsyncContext.class,
            (method, args) -> {
              if (method.equals("getResponse")) {
                return response;
              }
              if (method.equals("complete")) {
                completions++;
              }
              return null;
            });
    return new SseRelay(async, false, Duration.ofSeconds(30), Duration.ofSeconds(30), timer);
  }

  private static String chunk(String content) {
    return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"}}]}";
  }

  private interface Answer {
    Object answer(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object value = answer.answer(method.getName(), args);
              if (value == null && method.getReturnType() == boolean.class) {
                return false;
              }
              return value;
            }));
  }

  /** A connection that always takes what it is given, counting flushes. */
  private static final class CountingOutput extends ServletOutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int flushes;

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {}

    @Override
    public void write(int b) {
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
