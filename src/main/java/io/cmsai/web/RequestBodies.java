package io.cmsai.web;

import io.cmsai.platform.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reading request bodies at the edge: bounded in size, JSON only, parsed strictly. Every failure is
 * an {@link ApiException} with a message for the client: 413 for a body over the limit, 415 for a
 * body that is not {@code application/json}, 400 for bytes that are not UTF-8, not JSON, nested
 * deeper than the parser allows, followed by anything but white space, or not the expected type.
 */
public final class RequestBodies {

  /** The limit of bodies that name none (the admin API): 1 MiB. */
  public static final long DEFAULT_LIMIT = 1024 * 1024;

  private RequestBodies() {}

  /**
   * Reads the body when it is at most {@code limit} bytes; empty when it is (or says it is) larger,
   * having read no more than {@code limit + 1} bytes.
   *
   * @param declaredLength the {@code Content-Length}, or -1 when unknown
   */
  public static Optional<byte[]> readAtMost(InputStream in, long declaredLength, long limit)
      throws IOException {
    if (declaredLength > limit) {
      return Optional.empty();
    }
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    return body.length > limit ? Optional.empty() : Optional.of(body);
  }

  /**
   * Reads at most {@code limit} bytes.
   *
   * @param declaredLength the {@code Content-Length}, or -1 when unknown
   * @param limitSetting the setting that sets the limit, named in the message, or {@code ""}
   * @throws ApiException 413 when the body is (or says it is) larger than {@code limit}
   */
  public static byte[] read(InputStream in, long declaredLength, long limit, String limitSetting)
      throws IOException {
    return readAtMost(in, declaredLength, limit)
        .orElseThrow(
            () ->
                ApiError.of(
                        ErrorType.TOO_LARGE,
                        "the request body is larger than "
                            + limit
                            + " bytes"
                            + (limitSetting.isEmpty() ? "" : " (" + limitSetting + ")"))
                    .exception());
  }

  /**
   * Checks that a body is declared as JSON: {@code application/json}, with or without parameters
   * such as {@code charset=utf-8}.
   *
   * @throws ApiException 415 otherwise, also when no type is given
   */
  public static void requireJson(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")) {
      throw ApiError.of(
              ErrorType.UNSUPPORTED_MEDIA_TYPE,
              "the request body must be JSON sent with Content-Type: application/json"
                  + (type.isEmpty() ? "" : " (not " + shorten(type) + ")"))
          .exception();
    }
  }

  /**
   * Parses {@code body} as exactly one JSON value in UTF-8, with nothing but white space after it.
   *
   * @throws ApiException 400 saying what is wrong
   */
  public static JsonValue jsonValue(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw ApiError.invalid("the request body is not valid UTF-8").exception(e);
    }
    try (JsonParser parser = Jsons.JSON.createParser(new StringReader(text))) {
      parser.next();
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw ApiError.invalid("the request body has more than one JSON value").exception();
      }
      return value;
    } catch (JsonParsingException e) {
      throw ApiError.invalid(
              text.isBlank()
                  ? "the request body is empty: send a JSON object"
                  : "the request body is not valid JSON: " + e.getMessage())
          .exception(e);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      // Parsson signals input nested deeper than its limit (1000) with a plain RuntimeException.
      throw ApiError.invalid(
              "the request body is not valid JSON"
                  + (String.valueOf(e.getMessage()).contains("nested")
                      ? ": it is nested too deeply (more than 1000 levels)"
                      : ""))
          .exception(e);
    }
  }

  /**
   * Parses {@code body} as one JSON object (see {@link #jsonValue}).
   *
   * @throws ApiException 400 when it is not valid JSON or not an object
   */
  public static JsonObject jsonObject(byte[] body) {
    if (jsonValue(body) instanceof JsonObject object) {
      return object;
    }
    throw ApiError.invalid("the request body must be a JSON object ({...})").exception();
  }

  /**
   * The body of a JSON request as one object: checks the type, reads at most {@code limit} bytes,
   * parses.
   *
   * @param contentType the {@code Content-Type} header
   * @param declaredLength the {@code Content-Length}, or -1 when unknown
   * @param limitSetting the setting that sets the limit, or {@code ""}
   * @throws ApiException 413, 415 or 400 as described above
   */
  public static JsonObject jsonObject(
      InputStream in, String contentType, long declaredLength, long limit, String limitSetting)
      throws IOException {
    requireJson(contentType);
    return jsonObject(read(in, declaredLength, limit, limitSetting));
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
