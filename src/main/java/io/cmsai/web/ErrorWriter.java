package io.cmsai.web;

import io.cmsai.web.internal.EdgePaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link ApiError} from a servlet filter or an authentication mechanism, which answer
 * before JAX-RS and its exception mappers: the module's error JSON, or OpenAI's under {@code
 * /api/ai/v1/}, with the error's status and {@code Cache-Control: no-store}. Headers the caller set
 * before (e.g. {@code Retry-After}, {@code WWW-Authenticate}) are kept. Stateless.
 */
public final class ErrorWriter {

  private ErrorWriter() {}

  /**
   * Answers {@code error} on {@code response} and commits it.
   *
   * @throws IOException when the client has gone
   */
  public static void write(ApiError error, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean openAi = EdgePaths.of(path(request)) == EdgePaths.OPENAI;
    byte[] body =
        (openAi ? error.toOpenAiJson() : error.toJson())
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    response.setStatus(error.status());
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json;charset=UTF-8");
    response.setContentLength(body.length);
    OutputStream out = response.getOutputStream();
    out.write(body);
    response.flushBuffer();
  }

  private static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }
}
