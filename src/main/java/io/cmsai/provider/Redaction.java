package io.cmsai.provider;

import io.cmsai.provider.internal.Redactor;

/**
 * Removes secrets from text bound for logs, pages and messages: the exact secret values it was made
 * for (API keys resolved for a call), and anything that looks like a bearer token. Immutable and
 * thread-safe.
 */
public interface Redaction {

  /** What replaces a secret. */
  String MASK = "***";

  /**
   * {@code text} with every secret and bearer token replaced by {@value #MASK}; null stays null.
   */
  String redact(String text);

  /** A redaction of these secret values (blank or very short values are ignored). */
  static Redaction of(String... secrets) {
    return Redactor.of(secrets);
  }
}
