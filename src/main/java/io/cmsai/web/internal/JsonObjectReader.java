package io.cmsai.web.internal;

import io.cmsai.web.ApiError;
import io.cmsai.web.RequestBodies;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads a {@link JsonObject} resource parameter (the admin API's bodies) through {@link
 * RequestBodies}: at most {@link RequestBodies#DEFAULT_LIMIT} bytes (413 beyond), {@code
 * application/json} only (415), strict JSON that must be an object (400). An empty body is {@code
 * null}, as with the runtime's own reader. Takes precedence over the runtime's JSON-P reader, which
 * reads without a limit and answers 500 to a body that is not an object.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class JsonObjectReader implements MessageBodyReader<JsonObject> {

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == JsonObject.class;
  }

  @Override
  public JsonObject readFrom(
      Class<JsonObject> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream entity)
      throws IOException {
    String length = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
    long declared = -1;
    try {
      declared = length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      throw ApiError.invalid("the Content-Length header is not a number").exception(e);
    }
    byte[] body = RequestBodies.read(entity, declared, RequestBodies.DEFAULT_LIMIT, "");
    if (body.length == 0) {
      return null;
    }
    RequestBodies.requireJson(headers.getFirst(HttpHeaders.CONTENT_TYPE));
    return RequestBodies.jsonObject(body);
  }
}
