package io.cmsai.security.internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * Who signed in on this HTTP session (a session attribute).
 *
 * @param name the caller name
 * @param groups the caller's groups
 * @param signedInAt when the caller proved their password (a password change later ends the
 *     session)
 * @param bindingDigest the digest of the session's companion cookie ({@link SessionBinding})
 */
public record SessionCaller(
    String name, Set<String> groups, Instant signedInAt, String bindingDigest)
    implements Serializable {

  /** The session attribute name. */
  public static final String ATTRIBUTE = SessionCaller.class.getName();

  public SessionCaller {
    groups = Set.copyOf(groups);
  }

  /** The same caller, proved again at {@code at} (after changing their own password). */
  public SessionCaller reproved(Instant at) {
    return new SessionCaller(name, groups, at, bindingDigest);
  }
}
