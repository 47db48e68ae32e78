package io.cmsai.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.platform.Database;
import io.cmsai.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded identity store's accounts, in an H2 database as on the embedded default. */
class AdminAccountsTest {

  @TempDir Path temp;

  private Database database;
  private final Pbkdf2ForTests hash = new Pbkdf2ForTests();
  private final List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void open() {
    database = TestDatabases.migratedH2(temp);
    Logger.getLogger(AdminAccounts.class.getName()).addHandler(capture);
  }

  @AfterEach
  void close() {
    Logger.getLogger(AdminAccounts.class.getName()).removeHandler(capture);
    database.close();
  }

  @Test
  void without_a_configured_password_one_is_generated_and_logged_exactly_once() {
    AdminAccounts accounts = accounts(Optional.empty());

    assertEquals(AdminAccounts.Creation.GENERATED_PASSWORD, accounts.ensureFirstAdministrator());
    assertEquals(AdminAccounts.Creation.NONE, accounts.ensureFirstAdministrator());
    assertEquals(
        AdminAccounts.Creation.NONE, accounts(Optional.empty()).ensureFirstAdministrator());

    assertEquals(1, logged.size());
    Matcher m = Pattern.compile("password  (\\S{20})  ").matcher(logged.get(0).getMessage());
    assertTrue(m.find(), logged.get(0).getMessage());
    assertTrue(accounts.verify("admin", m.group(1)));
    assertFalse(accounts.verify("admin", "admin"));
    assertEquals("PBKDF2WithHmacSHA512", hash.parameters.get("Pbkdf2PasswordHash.Algorithm"));
  }

  @Test
  void a_configured_password_is_used_and_never_logged() {
    AdminAccounts accounts = accounts(Optional.of("configured-secret-42"));

    assertEquals(AdminAccounts.Creation.CONFIGURED_PASSWORD, accounts.ensureFirstAdministrator());

    assertTrue(accounts.verify("admin", "configured-secret-42"));
    assertFalse(accounts.verify("nobody", "configured-secret-42"));
    assertTrue(logged.stream().noneMatch(r -> r.getMessage().contains("configured-secret-42")));
  }

  @Test
  void a_password_change_checks_the_current_password_and_the_new_ones_strength() {
    AdminAccounts accounts = accounts(Optional.of("configured-secret-42"));
    accounts.ensureFirstAdministrator();

    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class,
            () -> accounts.changePassword("admin", "nope", "a-long-new-password"));
    IllegalArgumentException weak =
        assertThrows(
            IllegalArgumentException.class,
            () -> accounts.changePassword("admin", "configured-secret-42", "short"));
    accounts.changePassword("admin", "configured-secret-42", "a-long-new-password");

    assertEquals("the current password is not correct", wrong.getMessage());
    assertTrue(weak.getMessage().contains("at least 12"), weak.getMessage());
    assertTrue(accounts.verify("admin", "a-long-new-password"));
    assertFalse(accounts.verify("admin", "configured-secret-42"));
  }

  private AdminAccounts accounts(Optional<String> initialPassword) {
    return new AdminAccounts(database, hash, "admin", initialPassword, Clock.systemUTC());
  }
}
