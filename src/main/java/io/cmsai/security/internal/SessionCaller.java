package io.cmsai.security.internal;

import java.io.Serializable;
import java.util.Set;

/**
 * Who signed in on this HTTP session (a session attribute).
 *
 * @param name the caller name
 * @param groups the caller's groups
 */
public record SessionCaller(String name, Set<String> groups) implements Serializable {

  /** The session attribute name. */
  public static final String ATTRIBUTE = SessionCaller.class.getName();

  public SessionCaller {
    groups = Set.copyOf(groups);
  }
}
