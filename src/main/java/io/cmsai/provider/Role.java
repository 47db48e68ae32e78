package io.cmsai.provider;

import java.util.Locale;

/** Who wrote a chat message. Only these roles are sent to a server. */
public enum Role {
  SYSTEM,
  DEVELOPER,
  USER,
  ASSISTANT,
  TOOL;

  /** The name on the wire, e.g. {@code "user"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role with this wire name.
   *
   * @throws IllegalArgumentException naming the allowed roles when {@code name} is not one
   */
  public static Role fromWire(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown message role '" + name + "': use system, developer, user, assistant or tool");
  }
}
