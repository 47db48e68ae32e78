package io.cmsai.api.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.CallCancelledException;
import io.cmsai.provider.CallVetoedException;
import io.cmsai.provider.CapacityException;
import io.cmsai.provider.ContextLengthExceededException;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ModelNotFoundException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.RateLimitedException;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.UpstreamFailedException;
import io.cmsai.web.ApiError;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * An error in the OpenAI format, {@code {"error":{"message","type","param","code"}}}, with the HTTP
 * status the facade answers. Upstream failures map to gateway statuses, so a client can tell "my
 * request was wrong" from "the inference server failed": 502 when the server failed or answered
 * unusably (5xx, empty, malformed, cut short, wrong embedding length), 503 when there is no
 * capacity (upstream 503/529, llm-d drops, circuit open, bulkhead full), 429 when rate limited
 * (with {@code Retry-After}: the server's, else the module's own backoff estimate), 504 on a
 * timeout (the module's or an upstream 504); an upstream authentication failure is a 502, never a
 * 401, since it is the module's key that was refused, not the client's. Messages never contain
 * stack traces or keys.
 *
 * @param retryAfter the delay to advertise in {@code Retry-After}, if any
 */
public record OpenAiError(
    int status, String message, String type, String param, String code, Duration retryAfter) {

  /** What an API caller learns when the module's own credentials failed. */
  static final String UPSTREAM_CREDENTIALS =
      "the inference server refused the module's credentials, or the module has none for it; an"
          + " administrator must check the provider's key reference (the server log has the"
          + " details)";

  private static final Logger LOG = Logger.getLogger(OpenAiError.class.getName());

  public static OpenAiError invalid(String message, String param) {
    return new OpenAiError(400, message, "invalid_request_error", param, null, null);
  }

  public static OpenAiError of(int status, String message, String type) {
    return new OpenAiError(status, message, type, null, null, null);
  }

  /**
   * An error of the web edge (body too large, not JSON, malformed...) in OpenAI's shape: {@code
   * param} is the field it names, if exactly one.
   */
  public static OpenAiError from(ApiError error) {
    return new OpenAiError(
        error.status(),
        error.message(),
        error.type().openAiType(),
        error.fields().size() == 1 ? error.fields().keySet().iterator().next() : null,
        null,
        null);
  }

  /** The error for a failed provider call. */
  public static OpenAiError from(AiProviderException e) {
    String message = e.getMessage();
    Duration retry = retryAfter(e);
    if (e instanceof CallVetoedException) {
      return of(403, message, "permission_error");
    }
    if (e instanceof ContextLengthExceededException c) {
      return new OpenAiError(
          400,
          message,
          "invalid_request_error",
          c.param().orElse("messages"),
          "context_length_exceeded",
          null);
    }
    if (e instanceof ModelNotFoundException) {
      return new OpenAiError(
          404, message, "invalid_request_error", "model", "model_not_found", null);
    }
    if (e instanceof InvalidRequestException i) {
      return new OpenAiError(
          400, message, "invalid_request_error", i.param().orElse(null), null, null);
    }
    if (e instanceof AuthenticationException) {
      // The detail names the key reference, where its value is looked for, or the upstream's own
      // words: for the module's administrator (server log, console), not for API callers.
      LOG.warning(() -> "facade call failed on the module's credentials: " + message);
      return of(502, UPSTREAM_CREDENTIALS, "upstream_authentication_error");
    }
    if (e instanceof RateLimitedException) {
      return new OpenAiError(429, message, "rate_limit_error", null, "rate_limited", retry);
    }
    if (e instanceof CapacityException) {
      return new OpenAiError(503, message, "service_unavailable", null, null, retry);
    }
    if (e instanceof ProviderTimeoutException
        || (e instanceof UpstreamFailedException && e.statusCode() == 504)) {
      return of(504, message, "timeout");
    }
    if (e instanceof UpstreamFailedException) {
      String code = e instanceof BadResponseException ? e.errorType().orElse(null) : null;
      return new OpenAiError(502, message, "upstream_error", null, code, null);
    }
    if (e instanceof ProviderConnectionException || e instanceof StreamInterruptedException) {
      return of(502, message, "upstream_error");
    }
    if (e instanceof CallCancelledException) {
      return of(499, message, "cancelled");
    }
    return of(500, message, "server_error");
  }

  /**
   * The delay the server asked for, else (a 429 without one, retries spent) the module's own
   * backoff estimate; none for other failures.
   */
  private static Duration retryAfter(AiProviderException e) {
    if (e instanceof CapacityException c && c.retryAfter().isPresent()) {
      return c.retryAfter().get();
    }
    return e instanceof RateLimitedException r ? r.backoff().orElse(null) : null;
  }

  public Optional<Duration> retryAfterDelay() {
    return Optional.ofNullable(retryAfter);
  }

  /** The JSON body. */
  public JsonObject toJson() {
    return ApiError.openAiJson(message, type, param, code);
  }

  /** The {@code Retry-After} header value in whole seconds (at least 1), if any. */
  public Optional<String> retryAfterHeader() {
    return retryAfterDelay().map(d -> Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
  }
}
