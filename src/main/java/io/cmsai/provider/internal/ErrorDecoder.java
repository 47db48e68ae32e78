package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.ContextLengthExceededException;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ModelNotFoundException;
import io.cmsai.provider.NonRetriableAiException;
import io.cmsai.provider.RateLimitedException;
import io.cmsai.provider.ServiceUnavailableException;
import io.cmsai.provider.UpstreamFailedException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an error response of any OpenAI-compatible server, or of a gateway or proxy in front of
 * one, into the matching {@link AiProviderException}. Body shapes it understands: {@code
 * {"error":{"message","type","param","code"}}} with an integer (vLLM, llama.cpp) or string (OpenAI,
 * Azure) code; {@code {"error":"..."}} (vLLM 401, Ollama); Anthropic's {@code
 * {"type":"error","error":{...}}}; plain text (llm-d gateway, with {@code
 * x-llm-d-request-dropped-reason}); an HTML page from a proxy; an empty body.
 *
 * <p>Stateless and thread-safe. Every message passes through the call's {@link Redactor}.
 */
public final class ErrorDecoder {

  /** llm-d's header naming why the gateway dropped a request. */
  public static final String DROPPED_REASON_HEADER = "x-llm-d-request-dropped-reason";

  private static final Pattern VLLM_CONTEXT =
      Pattern.compile(
          "maximum context length is (\\d+) tokens.*?(\\d+) (?:input )?tokens", Pattern.DOTALL);
  private static final Pattern LLAMA_CONTEXT =
      Pattern.compile("request \\((\\d+) tokens\\) exceeds the available context size \\((\\d+)");
  private static final Pattern CONTEXT_WORDS =
      Pattern.compile(
          "(?i)context length|context size|context window|maximum context|too many tokens|"
              + "max_tokens' or 'max_completion_tokens' is too large");

  private final Clock clock;

  public ErrorDecoder(Clock clock) {
    this.clock = clock;
  }

  /**
   * The exception for a non-2xx response.
   *
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the response body as text (may be empty)
   * @param redactor removes secrets from the message
   */
  public AiProviderException decode(
      int status, HttpHeaders headers, String body, Redactor redactor) {
    ErrorBody error = ErrorBody.parse(body, headers.firstValue("content-type").orElse(""));
    String reason = headers.firstValue(DROPPED_REASON_HEADER).orElse(null);
    String message = redactor.redact(describe(status, error, reason));
    String type = error.type();
    Duration retryAfter = RetryAfter.from(headers, clock).orElse(null);
    return switch (status) {
      case 401, 403 -> new AuthenticationException(authMessage(status, message), status, type);
      case 404 -> notFound(message, type, error);
      case 429 -> new RateLimitedException(message, type, retryAfter, reason);
      case 501 ->
          new InvalidRequestException(
              message + " (the server does not implement this operation)", status, type, null);
      default -> byStatusClass(status, message, type, error, retryAfter, reason);
    };
  }

  private static AiProviderException byStatusClass(
      int status,
      String message,
      String type,
      ErrorBody error,
      Duration retryAfter,
      String reason) {
    if (status == 503 || status == 529 || (reason != null && status >= 500)) {
      return new ServiceUnavailableException(message, status, type, retryAfter, reason);
    }
    if (status == 408 || status >= 500) {
      return new UpstreamFailedException(message, status, type);
    }
    if (status == 400 || status == 413 || status == 422) {
      return isContextLength(error)
          ? contextLength(message, status, type, error)
          : new InvalidRequestException(message, status, type, error.param());
    }
    if (status >= 400) {
      return new InvalidRequestException(message, status, type, error.param());
    }
    return new NonRetriableAiException(message, status, type, null);
  }

  private static AiProviderException notFound(String message, String type, ErrorBody error) {
    String text = error.message().toLowerCase(Locale.ROOT);
    boolean aboutModel =
        "model".equals(error.param())
            || "model_not_found".equals(error.code())
            || text.contains("model");
    if (aboutModel) {
      return new ModelNotFoundException(message, 404, type);
    }
    return new InvalidRequestException(
        message + " (the endpoint does not exist: check the base URL, which usually ends in /v1)",
        404,
        type,
        error.param());
  }

  private static boolean isContextLength(ErrorBody error) {
    return "exceed_context_size_error".equals(error.type())
        || "context_length_exceeded".equals(error.code())
        || "input_tokens".equals(error.param())
        || error.contextLength() > 0
        || CONTEXT_WORDS.matcher(error.message()).find();
  }

  private static ContextLengthExceededException contextLength(
      String message, int status, String type, ErrorBody error) {
    int prompt = error.promptTokens();
    int context = error.contextLength();
    Matcher vllm = VLLM_CONTEXT.matcher(error.message());
    Matcher llama = LLAMA_CONTEXT.matcher(error.message());
    if (context <= 0 && vllm.find()) {
      context = Integer.parseInt(vllm.group(1));
      prompt = Integer.parseInt(vllm.group(2));
    } else if (context <= 0 && llama.find()) {
      prompt = Integer.parseInt(llama.group(1));
      context = Integer.parseInt(llama.group(2));
    }
    return new ContextLengthExceededException(
        message, status, type, error.param(), prompt, context);
  }

  private static String authMessage(int status, String message) {
    return status == 401
        ? message + " (check the API key reference: the key is missing, wrong or expired)"
        : message + " (the API key is valid but not allowed to do this)";
  }

  private static String describe(int status, ErrorBody error, String droppedReason) {
    StringBuilder text = new StringBuilder("HTTP ").append(status);
    if (!error.message().isEmpty()) {
      text.append(": ").append(error.message());
    } else {
      text.append(" with ").append(error.emptyDescription());
    }
    if (error.type() != null) {
      text.append(" [").append(error.type()).append(']');
    }
    if (droppedReason != null) {
      text.append(" (llm-d dropped the request: ").append(droppedReason).append(')');
    }
    return text.toString();
  }
}
