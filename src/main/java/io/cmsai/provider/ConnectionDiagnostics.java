package io.cmsai.provider;

import java.util.List;

/**
 * Checks provider settings (saved or not) the way an administrator's "Test connection" button does,
 * and explains failures in plain language. Calls go out at once, without retries, bounded by the
 * settings' own timeouts. Implementations are thread-safe CDI beans.
 */
public interface ConnectionDiagnostics {

  /**
   * Runs every step (health, model list, a one-token chat, a one-input embedding) against {@code
   * settings}, each timed; a server failure is reported in its step, never thrown.
   */
  ConnectionCheck test(ProviderSettings settings);

  /**
   * The model list of {@code settings}, asked now.
   *
   * @throws AiProviderException when the server cannot be asked; {@link #cause} says why in plain
   *     language
   */
  List<ModelInfo> models(ProviderSettings settings);

  /** {@code e} in plain language, e.g. "wrong or missing API key" or "host unreachable". */
  String cause(AiProviderException e);
}
