package io.cmsai.provider.internal;

import io.cmsai.provider.Redaction;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@link Redaction} of the provider's calls: removes secrets from text bound for logs, pages
 * and exception messages: the exact secret values it was given (API keys resolved for this call),
 * and anything that looks like a bearer token. Immutable and thread-safe.
 */
public final class Redactor implements Redaction {

  /** What replaces a secret. */
  public static final String MASK = Redaction.MASK;

  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
  private static final int MIN_SECRET_LENGTH = 4;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor for these secret values (blank or very short values are ignored). */
  public static Redactor of(String... secrets) {
    return new Redactor(
        List.of(secrets).stream()
            .filter(s -> s != null && s.strip().length() >= MIN_SECRET_LENGTH)
            .map(String::strip)
            .toList());
  }

  /** {@code text} with every secret and bearer token replaced by {@value #MASK}. */
  @Override
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return BEARER.matcher(result).replaceAll("$1" + MASK);
  }
}
