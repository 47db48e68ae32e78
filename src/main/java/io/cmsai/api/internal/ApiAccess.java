package io.cmsai.api.internal;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who may use the OpenAI-compatible facade: authenticated portal users with the configured role
 * ({@code cms.ai.api.role}, default {@value #DEFAULT_ROLE}; {@code **} means any authenticated
 * user). {@code cms.ai.api.allow-anonymous=true} opens it to everyone (local development only). The
 * identity store is the portal's (or the module's admin identity store).
 *
 * @param role the required role
 * @param allowAnonymous whether unauthenticated callers are let in
 */
public record ApiAccess(String role, boolean allowAnonymous) {

  public static final String DEFAULT_ROLE = "ai-user";

  /** The refusal for this caller, or empty when the caller may proceed. */
  public Optional<OpenAiError> check(Principal user, Predicate<String> inRole) {
    if (allowAnonymous) {
      return Optional.empty();
    }
    if (user == null) {
      return Optional.of(
          OpenAiError.of(
              401,
              "authentication required: sign in to the portal (or send its credentials)",
              "authentication_error"));
    }
    if ("**".equals(role) || inRole.test(role)) {
      return Optional.empty();
    }
    return Optional.of(
        OpenAiError.of(
            403,
            "your account lacks the role '" + role + "' needed for this API",
            "permission_error"));
  }
}
