package io.cmsai.config;

/**
 * A connection, or a key sent on it, was refused before anything was sent: the address is
 * link-local or a cloud metadata service ({@link OutboundPolicy}), or the key reference is bound to
 * other hosts ({@code cms.ai.secret.<name>.hosts}). The message says which, names the host and the
 * setting that allows it, and never contains a secret.
 */
public class DestinationRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DestinationRefusedException(String message) {
    super(message);
  }
}
