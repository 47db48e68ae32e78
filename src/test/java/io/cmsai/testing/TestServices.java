package io.cmsai.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the integration tests find their external services. {@code scripts/test} provisions them
 * and exports the variables; they can also point at existing servers.
 *
 * <p>When a service is missing: with {@code CI=true} the test <em>fails</em> (CI never skips a
 * service test); otherwise it is skipped with a message that says how to provide the service.
 */
public final class TestServices {

  private TestServices() {}

  /** A PostgreSQL database with the {@code vector} extension available. */
  public record Postgres(String url, String user, String password) {}

  /** An OpenAI-compatible server, e.g. {@code http://127.0.0.1:18081/v1}, and a model it serves. */
  public record OpenAiServer(String baseUrl, String model) {}

  /** An OpenAI-compatible server that requires {@code apiKey}. */
  public record KeyedServer(String baseUrl, String model, String apiKey) {}

  /** Debian's headless Chromium and its ChromeDriver. */
  public record Chromium(Path browser, Path driver) {}

  /** Chromium for the browser tests ({@code AI_TEST_CHROMIUM}, {@code AI_TEST_CHROMEDRIVER}). */
  public static Chromium chromium() {
    Path browser = Path.of(env("AI_TEST_CHROMIUM").orElse("/usr/bin/chromium"));
    Path driver = Path.of(env("AI_TEST_CHROMEDRIVER").orElse("/usr/bin/chromedriver"));
    if (!Files.isExecutable(browser) || !Files.isExecutable(driver)) {
      missing(
          "headless Chromium with ChromeDriver ("
              + browser
              + ", "
              + driver
              + ") is not installed: run the tests with scripts/test (it installs Debian's chromium"
              + " and chromium-driver), or export AI_TEST_CHROMIUM and AI_TEST_CHROMEDRIVER");
    }
    return new Chromium(browser, driver);
  }

  public static KeyedServer keyedOpenAiServer() {
    String base =
        require(
            "AI_TEST_OPENAI_KEYED_BASE_URL",
            "an OpenAI-compatible server that requires an API key",
            "http://127.0.0.1:18082/v1 (and AI_TEST_OPENAI_KEYED_API_KEY)");
    String key =
        require(
            "AI_TEST_OPENAI_KEYED_API_KEY",
            "the API key of the keyed test server",
            "the key given to llama-server --api-key");
    return new KeyedServer(stripSlash(base), env("AI_TEST_OPENAI_KEYED_MODEL").orElse("tiny"), key);
  }

  public static Postgres postgres() {
    String url =
        require(
            "AI_TEST_PG_URL",
            "PostgreSQL 15+ with pgvector",
            "jdbc:postgresql://127.0.0.1:5432/aitest (and AI_TEST_PG_USER, AI_TEST_PG_PASSWORD)");
    return new Postgres(
        url, env("AI_TEST_PG_USER").orElse("postgres"), env("AI_TEST_PG_PASSWORD").orElse(""));
  }

  public static OpenAiServer openAiServer() {
    String base =
        require(
            "AI_TEST_OPENAI_BASE_URL",
            "an OpenAI-compatible server (llama-server, vLLM, llm-d)",
            "http://127.0.0.1:18081/v1 (and AI_TEST_OPENAI_MODEL)");
    return new OpenAiServer(stripSlash(base), env("AI_TEST_OPENAI_MODEL").orElse("tiny"));
  }

  private static String require(String variable, String what, String example) {
    Optional<String> value = env(variable);
    if (value.isPresent()) {
      return value.get();
    }
    String message =
        what
            + " is not configured: run the tests with scripts/test (it starts one), or export "
            + variable
            + "="
            + example;
    missing(message);
    throw new AssertionError("unreachable");
  }

  private static void missing(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + message);
    }
    Assumptions.abort(message);
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
