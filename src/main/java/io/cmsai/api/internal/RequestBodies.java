package io.cmsai.api.internal;

import io.cmsai.platform.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;

/** Reading request bodies: bounded in size, and parsed as one JSON object. */
public final class RequestBodies {

  private RequestBodies() {}

  /**
   * Reads at most {@code limit} bytes.
   *
   * @param declaredLength the {@code Content-Length}, or -1 when unknown
   * @throws RequestError 413 when the body is (or says it is) larger than {@code limit}
   */
  public static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
    return readAtMost(in, declaredLength, limit).orElseThrow(() -> tooLarge(limit));
  }

  /**
   * Reads the body when it is at most {@code limit} bytes; empty when it is (or says it is) larger,
   * having read no more than {@code limit + 1} bytes.
   *
   * @param declaredLength the {@code Content-Length}, or -1 when unknown
   */
  public static java.util.Optional<byte[]> readAtMost(
      InputStream in, long declaredLength, long limit) throws IOException {
    if (declaredLength > limit) {
      return java.util.Optional.empty();
    }
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    return body.length > limit ? java.util.Optional.empty() : java.util.Optional.of(body);
  }

  /**
   * Parses {@code body} as a JSON object.
   *
   * @throws RequestError 400 when it is not valid JSON or not an object
   */
  public static JsonObject jsonObject(byte[] body) {
    try {
      JsonValue value = Jsons.readValue(body);
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (JsonException | IllegalStateException e) {
      throw new RequestError(
          OpenAiError.invalid("the request body is not valid JSON: " + e.getMessage(), null));
    }
    throw new RequestError(OpenAiError.invalid("the request body must be a JSON object", null));
  }

  private static RequestError tooLarge(long limit) {
    return new RequestError(
        OpenAiError.of(
            413,
            "the request body is larger than " + limit + " bytes (cms.ai.api.max-request-bytes)",
            "invalid_request_error"));
  }
}
