package io.cmsai.security;

import io.cmsai.config.Setting;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;
import java.util.List;

/**
 * The sign-in settings, declared for the configuration reference; {@link AdminAccounts}, {@link
 * EmbeddedIdentityStore} and the sign-in guard read the keys themselves.
 */
public final class SecuritySettings {

  private SecuritySettings() {}

  public static final Setting<String> ADMIN_USERNAME =
      Setting.of(
          AdminAccounts.USERNAME_KEY,
          SettingType.TEXT,
          "admin",
          "First administrator",
          "The first administrator's name.");

  public static final Setting<String> ADMIN_INITIAL_PASSWORD =
      Setting.withoutDefault(
          AdminAccounts.INITIAL_PASSWORD_KEY,
          SettingType.TEXT,
          "Initial password",
          "The first administrator's password, used only when no administrator exists (default:"
              + " generated and logged once). Give it as a secret"
              + " (CMS_AI_ADMIN_INITIAL_PASSWORD).");

  public static final Setting<Boolean> EMBEDDED_IDENTITY_STORE =
      Setting.of(
          EmbeddedIdentityStore.ENABLED_KEY,
          SettingType.BOOLEAN,
          true,
          "Embedded identity store",
          "false: only the identity stores the portal adds are asked (any Jakarta Security"
              + " IdentityStore bean).");

  public static final Setting<String> TRUSTED_PROXIES =
      Setting.withoutDefault(
          "cms.ai.security.trusted-proxies",
          SettingType.TEXT,
          "Trusted proxies",
          "Addresses of reverse proxies in front of the module, comma-separated; only for"
              + " requests from these is the client address taken from X-Forwarded-For (for"
              + " sign-in throttling).");

  /** Every sign-in setting. */
  public static final SettingGroup<Void> SETTINGS =
      new SettingGroup<>(
          "Sign-in and administrators",
          "cms.ai.",
          List.of(ADMIN_USERNAME, ADMIN_INITIAL_PASSWORD, EMBEDDED_IDENTITY_STORE, TRUSTED_PROXIES),
          values -> null);
}
