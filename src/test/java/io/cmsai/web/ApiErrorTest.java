package io.cmsai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

  @Test
  void the_module_shape_has_message_type_code_and_fields() {
    ApiError error = ApiError.invalidSettings(Map.of("auth-header", "not a header name"));

    assertEquals(
        "{\"error\":{\"message\":\"One value needs correcting.\",\"type\":\"invalid_settings\","
            + "\"code\":400},\"fields\":{\"auth-header\":\"not a header name\"}}",
        error.toJson().toString());
  }

  @Test
  void the_openai_shape_names_the_single_field_as_param() {
    ApiError error = ApiError.invalidParameter("seed", "'seed' must be a whole number");

    assertEquals(
        "{\"error\":{\"message\":\"'seed' must be a whole number\",\"type\":"
            + "\"invalid_request_error\",\"param\":\"seed\",\"code\":null}}",
        error.toOpenAiJson().toString());
  }

  @Test
  void several_problems_are_counted_in_the_message() {
    assertEquals(
        "2 values need correcting.",
        ApiError.invalidSettings(Map.of("a", "x", "b", "y")).message());
  }

  @Test
  void container_statuses_map_to_the_vocabulary_and_keep_their_status() {
    assertEquals(ErrorType.NOT_FOUND, ErrorType.forStatus(404));
    assertEquals(ErrorType.UNSUPPORTED_MEDIA_TYPE, ErrorType.forStatus(415));
    assertEquals(ErrorType.INVALID_REQUEST, ErrorType.forStatus(400));
    assertEquals(ErrorType.INVALID_REQUEST, ErrorType.forStatus(414));
    assertEquals(ErrorType.SERVER_ERROR, ErrorType.forStatus(501));
    assertEquals(ErrorType.UNAVAILABLE, ErrorType.forStatus(503));
    assertEquals(414, new ApiError(414, ErrorType.forStatus(414), "long", Map.of()).status());
  }
}
