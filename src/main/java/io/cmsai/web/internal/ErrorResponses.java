package io.cmsai.web.internal;

import io.cmsai.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JAX-RS responses for errors, in the shape the request's path calls for. */
final class ErrorResponses {

  private ErrorResponses() {}

  /** {@code error} as a JSON response: OpenAI's shape under the facade, the module's elsewhere. */
  static Response of(ApiError error, HttpServletRequest request) {
    boolean openAi = EdgePaths.of(path(request)) == EdgePaths.OPENAI;
    return Response.status(error.status())
        .entity((openAi ? error.toOpenAiJson() : error.toJson()).toString())
        .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .build();
  }

  /** The request's path below the context root. */
  static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }

  /** {@code METHOD path}, for log lines. */
  static String describe(HttpServletRequest request) {
    return request.getMethod() + " " + request.getRequestURI();
  }
}
