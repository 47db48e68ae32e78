package io.cmsai.admin;

import io.cmsai.config.KeyResolver;
import io.cmsai.provider.AiCallCompleted;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.Redaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * The recent provider calls, kept while the provider's debug setting is on, for the admin console:
 * time, operation, model, outcome, tokens and latency. Bounded by count ({@value #SIZE_KEY},
 * default 200) and age ({@value #MAX_AGE_KEY}, default 1h); in memory only. Error messages are
 * redacted (the resolved API key and anything that looks like a bearer token) and shortened; no
 * header or prompt is kept. Thread-safe.
 */
@ApplicationScoped
public class RequestLog {

  /** How many calls are kept. */
  public static final String SIZE_KEY = "cms.ai.admin.request-log.size";

  /** How long a call is kept. */
  public static final String MAX_AGE_KEY = "cms.ai.admin.request-log.max-age";

  private static final int MAX_MESSAGE = 300;

  /**
   * One call.
   *
   * @param at when it ended
   * @param operation chat, stream or embeddings (lower case)
   * @param model the model used
   * @param status {@code ok}, or the error's kind with its HTTP status when there was one
   * @param message the error message, redacted and shortened ({@code ""} when it succeeded)
   * @param promptTokens tokens sent, or -1 when unknown
   * @param completionTokens tokens generated, or -1 when unknown
   * @param tokensEstimated whether the counts were estimated by the module
   * @param latencyMillis the whole call
   * @param firstTokenMillis time to the first token (streams) or first byte
   * @param attempts requests sent
   */
  public record Entry(
      Instant at,
      String operation,
      String model,
      String status,
      String message,
      int promptTokens,
      int completionTokens,
      boolean tokensEstimated,
      long latencyMillis,
      long firstTokenMillis,
      int attempts) {}

  private final Supplier<ProviderSettings> settings;
  private final Function<String, Optional<String>> keys;
  private final int size;
  private final Duration maxAge;
  private final Clock clock;
  private final Deque<Entry> entries = new ArrayDeque<>();

  /** For CDI proxies only. */
  protected RequestLog() {
    this.settings = null;
    this.keys = null;
    this.size = 0;
    this.maxAge = null;
    this.clock = null;
  }

  @Inject
  public RequestLog(ProviderConfiguration configuration, KeyResolver keys, Config config) {
    this(
        configuration::current,
        ref -> ref.isEmpty() ? Optional.empty() : keys.resolve(ref),
        AdminSettings.REQUEST_LOG_SIZE.read(config),
        AdminSettings.REQUEST_LOG_MAX_AGE.read(config),
        Clock.systemUTC());
  }

  /** Over explicit parts (tests). */
  public RequestLog(
      Supplier<ProviderSettings> settings,
      Function<String, Optional<String>> keys,
      int size,
      Duration maxAge,
      Clock clock) {
    if (size < 1 || size > 100_000) {
      throw new IllegalArgumentException(SIZE_KEY + " must be 1..100000, got " + size);
    }
    this.settings = settings;
    this.keys = keys;
    this.size = size;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /**
   * Creates the log when the application starts: calls complete on HTTP client threads, where
   * Payara cannot inject the configuration this bean needs.
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // nothing more: being called instantiates the bean in the application's context
  }

  void record(@Observes AiCallCompleted call) {
    ProviderSettings current;
    try {
      current = settings.get();
    } catch (IllegalArgumentException e) {
      return; // invalid configuration: nothing is being called anyway
    }
    if (!current.debug()) {
      return;
    }
    Entry entry = entry(call, Redaction.of(keyOf(current)));
    synchronized (entries) {
      entries.addFirst(entry);
      while (entries.size() > size) {
        entries.removeLast();
      }
    }
  }

  /** The kept calls, newest first. */
  public List<Entry> entries() {
    Instant oldest = clock.instant().minus(maxAge);
    synchronized (entries) {
      while (!entries.isEmpty() && entries.peekLast().at().isBefore(oldest)) {
        entries.removeLast();
      }
      return new ArrayList<>(entries);
    }
  }

  /** Forgets every kept call. */
  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  /** How many calls are kept at most. */
  public int capacity() {
    return size;
  }

  /** How long a call is kept. */
  public Duration maxAge() {
    return maxAge;
  }

  private String keyOf(ProviderSettings current) {
    try {
      return keys.apply(current.apiKeyRef()).orElse("");
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private Entry entry(AiCallCompleted call, Redaction redactor) {
    String status = "ok";
    String message = "";
    if (call.failure().isPresent()) {
      AiProviderException failure = call.failure().get();
      String kind = failure.getClass().getSimpleName().replace("Exception", "");
      status = failure.statusCode() > 0 ? kind + " (HTTP " + failure.statusCode() + ")" : kind;
      message = shorten(redactor.redact(String.valueOf(failure.getMessage())));
    }
    return new Entry(
        clock.instant(),
        call.operation().name().toLowerCase(java.util.Locale.ROOT),
        call.model(),
        status,
        message,
        call.usage().map(u -> u.promptTokens()).orElse(-1),
        call.usage().map(u -> u.completionTokens()).orElse(-1),
        call.usage().map(u -> u.estimated()).orElse(false),
        call.metrics().latency().toMillis(),
        call.metrics().timeToFirstToken().toMillis(),
        call.metrics().attempts());
  }

  private static String shorten(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
