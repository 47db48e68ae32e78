package io.cmsai.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Small helpers of the tests that talk HTTP to the module. */
public final class Web {

  private Web() {}

  /** An {@code Authorization} header value for HTTP Basic. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code text} encoded for a query string. */
  public static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** {@code body} parsed as a JSON object. */
  public static JsonObject json(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }

  /** The response's body parsed as a JSON object. */
  public static JsonObject json(HttpResponse<String> response) {
    return json(response.body());
  }
}
