package io.cmsai.web.internal;

import io.cmsai.platform.Html;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The container's error page ({@code <error-page>} in {@code web.xml}) for every error status and
 * for exceptions that escape a servlet: the module's error JSON for {@code /api/} paths, OpenAI's
 * for {@code /api/ai/v1/}, a small HTML page elsewhere. Never the container's own page, which names
 * the server, exception classes and class loaders. An exception is logged once as one line with an
 * incident id ({@link Incidents}). Requested directly, it answers 404.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Where {@code web.xml} points its error pages. */
  public static final String PATH = "/cms-ai-error";

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int status = code instanceof Integer i ? i : 404;
    String path = uri == null ? PATH : String.valueOf(uri).substring(contextLength(request, uri));
    ApiError error =
        failure != null
            ? Incidents.record(request.getMethod() + " " + uri, failure)
            : new ApiError(
                status, ErrorType.forStatus(status), HttpStatusMapper.message(status), Map.of());
    if (failure != null) {
      status = 500;
    }
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    EdgePaths shape = EdgePaths.of(path);
    if (shape == EdgePaths.PAGE) {
      write(
          response,
          "text/html;charset=UTF-8",
          page(status, error.message(), request.getContextPath() + "/"));
    } else {
      write(
          response,
          "application/json;charset=UTF-8",
          (shape == EdgePaths.OPENAI ? error.toOpenAiJson() : error.toJson()).toString());
    }
  }

  private static int contextLength(HttpServletRequest request, Object uri) {
    String context = request.getContextPath();
    return String.valueOf(uri).startsWith(context) ? context.length() : 0;
  }

  /** A small page naming the status; no server name, no details. */
  static String page(int status, String message, String home) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + status
        + "</title></head><body><h1>"
        + status
        + "</h1><p>"
        + Html.escape(message)
        + "</p><p><a href=\""
        + Html.escape(home)
        + "\">Home</a></p></body></html>";
  }

  private static void write(HttpServletResponse response, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentType(type);
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
  }
}
