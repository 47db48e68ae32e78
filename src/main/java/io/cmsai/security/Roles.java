package io.cmsai.security;

import java.util.Set;

/** The roles the module checks. */
public final class Roles {

  /** May use the admin console and the admin REST API ({@code /api/ai/admin}). */
  public static final String ADMIN = "ai-admin";

  /** May use the OpenAI-compatible API ({@code /api/ai/v1}) unless configured otherwise. */
  public static final String USER = "ai-user";

  /** The groups of an administrator of the embedded identity store. */
  public static final Set<String> ADMINISTRATOR_GROUPS = Set.of(ADMIN, USER);

  private Roles() {}
}
