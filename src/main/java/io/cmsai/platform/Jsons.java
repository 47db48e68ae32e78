package io.cmsai.platform;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayInputStream;
import java.io.StringReader;

/**
 * The JSON-P provider, looked up once. {@code jakarta.json.Json.create*} looks the provider up on
 * every call through a {@link java.util.ServiceLoader} scan of the web application's class path
 * (under class-loader locks); on the streaming path, once per chunk, that was more than half of the
 * facade's CPU (docs/BENCHMARKS.md). Main code uses {@link #JSON} instead; a test enforces it.
 */
public final class Jsons {

  /** The provider; thread-safe, as are the factories and builders' creation methods. */
  public static final JsonProvider JSON = JsonProvider.provider();

  private Jsons() {}

  /**
   * Parses a JSON object.
   *
   * @throws jakarta.json.JsonException or {@link ClassCastException} when {@code text} is not one
   */
  public static JsonObject readObject(String text) {
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /**
   * Parses any JSON value from UTF-8 bytes.
   *
   * @throws jakarta.json.JsonException when the bytes are not JSON
   */
  public static JsonValue readValue(byte[] utf8) {
    try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(utf8))) {
      return reader.readValue();
    }
  }
}
