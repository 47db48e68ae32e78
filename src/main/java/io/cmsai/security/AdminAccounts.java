package io.cmsai.security;

import io.cmsai.platform.Database;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.platform.StartupReport;
import io.cmsai.security.internal.AdminAccountEntity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The administrator accounts of the embedded identity store, kept in the module database with
 * PBKDF2 password hashes (Jakarta Security's {@link Pbkdf2PasswordHash}, HMAC-SHA512, 210,000
 * iterations).
 *
 * <p>On first start, when no account exists, one is created: {@value #USERNAME_KEY} (default {@code
 * admin}) with the password {@value #INITIAL_PASSWORD_KEY} from configuration, or, when that is not
 * set, a generated password written once to the server log. There is no built-in password.
 * Thread-safe; each method runs in its own transaction.
 */
@ApplicationScoped
public class AdminAccounts {

  /** The name of the first administrator. */
  public static final String USERNAME_KEY = "cms.ai.admin.username";

  /** The first administrator's password, used only when no account exists yet. */
  public static final String INITIAL_PASSWORD_KEY = "cms.ai.admin.initial-password";

  /** The shortest password accepted. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  private static final Logger LOG = Logger.getLogger(AdminAccounts.class.getName());
  private static final char[] ALPHABET =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final int GENERATED_LENGTH = 20;

  /** How the first administrator was created, if it was created now. */
  public enum Creation {
    /** An account existed already. */
    NONE,
    /** With the configured initial password. */
    CONFIGURED_PASSWORD,
    /** With a generated password, logged once. */
    GENERATED_PASSWORD
  }

  private final Database database;
  private final Pbkdf2PasswordHash hash;
  private final String firstUsername;
  private final Optional<String> initialPassword;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** For CDI proxies only. */
  protected AdminAccounts() {
    this.database = null;
    this.hash = null;
    this.firstUsername = null;
    this.initialPassword = Optional.empty();
    this.clock = null;
  }

  @Inject
  public AdminAccounts(Database database, Pbkdf2PasswordHash hash, Config config) {
    this(
        database,
        hash,
        SecuritySettings.ADMIN_USERNAME.read(config),
        SecuritySettings.ADMIN_INITIAL_PASSWORD.find(config),
        Clock.systemUTC());
  }

  /** Accounts over an explicit database and settings (tests, tools). */
  public AdminAccounts(
      Database database,
      Pbkdf2PasswordHash hash,
      String firstUsername,
      Optional<String> initialPassword,
      Clock clock) {
    this.database = database;
    this.hash = hash;
    this.firstUsername = firstUsername.strip();
    this.initialPassword = initialPassword.filter(p -> !p.isBlank());
    this.clock = clock;
    hash.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "210000"));
  }

  void onStart(
      @Observes
          @Priority(Interceptor.Priority.APPLICATION + 100)
          @Initialized(ApplicationScoped.class)
          Object event,
      ModuleStartup startup) {
    if (startup.start().phase() == StartupReport.Phase.READY) {
      ensureFirstAdministrator();
    }
  }

  /**
   * Creates the first administrator when there is none; the generated password, if any, is logged
   * once (WARNING) and never again.
   */
  public Creation ensureFirstAdministrator() {
    return database.inTransaction(
        session -> {
          Long count =
              session
                  .createSelectionQuery("select count(a) from AdminAccountEntity a", Long.class)
                  .getSingleResult();
          if (count > 0) {
            return Creation.NONE;
          }
          boolean generated = initialPassword.isEmpty();
          String password = initialPassword.orElseGet(this::generatePassword);
          session.persist(
              new AdminAccountEntity(
                  firstUsername, hash.generate(password.toCharArray()), clock.instant()));
          if (generated) {
            LOG.warning(
                "CMS AI admin console: created the administrator '"
                    + firstUsername
                    + "' with the generated password  "
                    + password
                    + "  (shown only this once). Sign in at /admin/ and change it on the Account"
                    + " page, or set "
                    + INITIAL_PASSWORD_KEY
                    + " before the first start.");
          } else {
            LOG.info(
                "CMS AI admin console: created the administrator '"
                    + firstUsername
                    + "' with the password from "
                    + INITIAL_PASSWORD_KEY
                    + ".");
          }
          return generated ? Creation.GENERATED_PASSWORD : Creation.CONFIGURED_PASSWORD;
        });
  }

  /** Whether {@code password} is the password of {@code username}. */
  public boolean verify(String username, String password) {
    Optional<String> stored =
        database.inTransaction(
            session ->
                Optional.ofNullable(session.find(AdminAccountEntity.class, username))
                    .map(AdminAccountEntity::passwordHash));
    if (stored.isEmpty()) {
      // Spend the same time as for a real account, so a response time does not reveal names.
      var unused = hash.verify(password.toCharArray(), dummyHash());
      return false;
    }
    return hash.verify(password.toCharArray(), stored.get());
  }

  /** When the password of {@code username} last changed; empty when there is no such account. */
  public Optional<Instant> passwordChangedAt(String username) {
    return database.inTransaction(
        session ->
            Optional.ofNullable(session.find(AdminAccountEntity.class, username))
                .map(AdminAccountEntity::passwordChangedAt));
  }

  /** The current password given for a change was wrong. */
  public static final class WrongPasswordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    WrongPasswordException() {
      super("the current password is not correct");
    }
  }

  /**
   * Changes a password after checking the current one.
   *
   * @return when it changed (whole milliseconds, as stored)
   * @throws WrongPasswordException when the current password is wrong
   * @throws IllegalArgumentException when the new one is too weak (the message says why, for the
   *     form)
   */
  public Instant changePassword(String username, String current, String replacement) {
    if (!verify(username, current)) {
      throw new WrongPasswordException();
    }
    checkStrength(username, replacement);
    if (replacement.equals(current)) {
      throw new IllegalArgumentException("the new password must differ from the current one");
    }
    String newHash = hash.generate(replacement.toCharArray());
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    database.inTransaction(
        session -> {
          AdminAccountEntity account = session.find(AdminAccountEntity.class, username);
          if (account == null) {
            throw new IllegalArgumentException("no such administrator");
          }
          account.changePassword(newHash, at);
          return null;
        });
    return at;
  }

  /**
   * Refuses passwords that are short or equal to the user name.
   *
   * @throws IllegalArgumentException saying why
   */
  static void checkStrength(String username, String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "the new password must have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.equalsIgnoreCase(username)) {
      throw new IllegalArgumentException("the new password must not be the user name");
    }
  }

  private volatile String dummy;

  private String dummyHash() {
    String known = dummy;
    if (known == null) {
      known = hash.generate(generatePassword().toCharArray());
      dummy = known;
    }
    return known;
  }

  private String generatePassword() {
    char[] chars = new char[GENERATED_LENGTH];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(chars);
  }
}
