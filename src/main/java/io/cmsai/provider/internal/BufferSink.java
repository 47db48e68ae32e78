package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.ProviderConnectionException;
import jakarta.json.JsonException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Collects a whole (non-streamed) response body, up to a size limit, and parses it at the end. A
 * body that does not parse (empty, cut short, a proxy's HTML page) or is too large is a {@link
 * BadResponseException} naming what was wrong; it is re-sent at most once.
 */
final class BufferSink<T> implements Exchange.Sink<T> {

  static final int MAX_BODY = 64 * 1024 * 1024;

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final Function<String, T> parser;

  BufferSink(Function<String, T> parser) {
    this.parser = parser;
  }

  @Override
  public void onData(ByteBuffer data) {
    if (body.size() + data.remaining() > MAX_BODY) {
      throw new BadResponseException(
          "the response is larger than " + MAX_BODY + " bytes", 200, "response_too_large");
    }
    if (data.hasArray()) {
      body.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
      data.position(data.limit());
    } else {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      body.write(bytes, 0, bytes.length);
    }
  }

  @Override
  public T onEnd() {
    try {
      return parser.apply(body.toString(StandardCharsets.UTF_8));
    } catch (JsonException e) {
      throw new BadResponseException(
          "unexpected answer from the server: " + e.getMessage(), 200, "bad_response");
    }
  }

  @Override
  public boolean reachedCaller() {
    return false;
  }

  @Override
  public AiProviderException interrupted(String message, Throwable cause) {
    return new ProviderConnectionException(message, cause);
  }
}
