package io.cmsai.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {

  @Test
  void json_nested_deeper_than_the_parser_allows_is_a_400_not_a_runtime_exception() {
    ApiError error = refusal("{\"q\":" + "[".repeat(65_000));

    assertEquals(400, error.status());
    assertEquals(ErrorType.INVALID_REQUEST, error.type());
    assertTrue(error.message().contains("nested too deeply"), error.message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"q\":\"a\"} trailing", "{\"q\":\"a\"}{}", "[1] 2", "{\"values\":", ""})
  void malformed_bodies_and_trailing_garbage_are_400(String body) {
    ApiError error = refusal(body);

    assertEquals(400, error.status());
    assertTrue(error.message().startsWith("the request body"), error.message());
    assertFalse(error.message().contains("Exception"), error.message());
  }

  @Test
  void a_body_that_is_not_an_object_is_400() {
    assertEquals("the request body must be a JSON object ({...})", refusal("[]").message());
  }

  @Test
  void invalid_utf8_is_refused_rather_than_replaced() {
    byte[] body = {'{', '"', 'q', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};

    ApiException e = assertThrows(ApiException.class, () -> RequestBodies.jsonObject(body));

    assertEquals("the request body is not valid UTF-8", e.getMessage());
  }

  @Test
  void white_space_after_the_object_is_fine() {
    assertEquals("a", RequestBodies.jsonObject(utf8(" {\"q\":\"a\"}\n ")).getString("q"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"application/json", "application/json; charset=utf-8", "Application/JSON"})
  void json_content_types_pass(String type) {
    RequestBodies.requireJson(type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"text/plain", "application/x-www-form-urlencoded", "", "application/jsonx"})
  void other_content_types_are_415(String type) {
    ApiException e = assertThrows(ApiException.class, () -> RequestBodies.requireJson(type));

    assertEquals(415, e.error().status());
    assertEquals(ErrorType.UNSUPPORTED_MEDIA_TYPE, e.error().type());
  }

  @Test
  void a_missing_content_type_is_415() {
    assertEquals(
        415,
        assertThrows(ApiException.class, () -> RequestBodies.requireJson(null)).error().status());
  }

  @Test
  void bodies_over_the_limit_are_413_having_read_at_most_one_byte_more() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[100]);

    ApiException e =
        assertThrows(ApiException.class, () -> RequestBodies.read(in, -1, 10, "cms.ai.x"));

    assertEquals(413, e.error().status());
    assertEquals("the request body is larger than 10 bytes (cms.ai.x)", e.getMessage());
    assertEquals(89, in.available());
  }

  @Test
  void a_declared_length_over_the_limit_is_refused_before_reading() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[5]);

    assertTrue(RequestBodies.readAtMost(in, 11, 10).isEmpty());
    assertEquals(5, in.available());
    assertArrayEquals(new byte[5], RequestBodies.readAtMost(in, -1, 10).orElseThrow());
  }

  private static ApiError refusal(String body) {
    return assertThrows(ApiException.class, () -> RequestBodies.jsonObject(utf8(body))).error();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
