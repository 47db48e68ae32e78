package io.cmsai.provider.internal;

import io.cmsai.config.Destination;
import io.cmsai.config.DestinationRefusedException;
import io.cmsai.config.KeyResolver;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.ProviderConnectionException;
import java.util.List;

/**
 * The module's {@link Connection.Gate}: the outbound address policy, and keys resolved only for the
 * hosts they are bound to, with failures as provider exceptions ({@link
 * ProviderConnectionException} for a refused address, {@link AuthenticationException} with status 0
 * for a key that does not resolve, {@code key_reference_unresolved}, or may not go there, {@code
 * key_host_not_allowed}). Thread-safe.
 */
final class OutboundGate implements Connection.Gate {

  /** The error type of a key bound to other hosts. */
  static final String KEY_HOST_NOT_ALLOWED = "key_host_not_allowed";

  private final KeyResolver keys;
  private final OutboundPolicy policy;

  OutboundGate(KeyResolver keys, OutboundPolicy policy) {
    this.keys = keys;
    this.policy = policy;
  }

  @Override
  public void connectTo(Destination destination) {
    try {
      policy.check(destination);
    } catch (DestinationRefusedException e) {
      throw new ProviderConnectionException(
          "refused by the outbound address policy: " + e.getMessage(), null);
    }
  }

  @Override
  public String key(String reference, Destination destination) {
    try {
      return keys.resolveFor(reference, List.of(destination))
          .orElseThrow(
              () ->
                  new AuthenticationException(
                      keys.unresolvedMessage(reference), 0, "key_reference_unresolved"));
    } catch (DestinationRefusedException e) {
      throw new AuthenticationException(e.getMessage(), 0, KEY_HOST_NOT_ALLOWED);
    }
  }
}
