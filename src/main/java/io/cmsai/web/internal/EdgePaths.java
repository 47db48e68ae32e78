package io.cmsai.web.internal;

/** Which error shape a request path gets. */
public enum EdgePaths {
  /** The OpenAI-compatible facade, {@code /api/ai/v1/...}: OpenAI's error JSON. */
  OPENAI,
  /** The module's other APIs, {@code /api/...}: the module's error JSON. */
  API,
  /** Pages: a small HTML page. */
  PAGE;

  /** The shape for {@code path}, relative to the context root (starting with {@code /}). */
  public static EdgePaths of(String path) {
    if (path == null) {
      return PAGE;
    }
    if (path.equals("/api/ai/v1") || path.startsWith("/api/ai/v1/")) {
      return OPENAI;
    }
    return path.equals("/api") || path.startsWith("/api/") ? API : PAGE;
  }
}
