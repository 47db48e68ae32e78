package io.cmsai.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

  @Test
  void names_the_product_from_the_jdbc_url() {
    assertEquals("H2", new DatabaseSettings("jdbc:h2:/tmp/x", "sa", "", 2).productName());
    assertEquals(
        "PostgreSQL",
        new DatabaseSettings("jdbc:postgresql://db:5432/cms", "u", "p", 2).productName());
  }

  @Test
  void rejects_a_url_that_is_not_jdbc_with_the_config_key_in_the_message() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DatabaseSettings("postgresql://db/cms", "u", "p", 2));
    assertTrue(e.getMessage().contains("cms.ai.db.url"), e.getMessage());
  }

  @Test
  void rejects_a_pool_size_out_of_range() {
    assertThrows(
        IllegalArgumentException.class, () -> new DatabaseSettings("jdbc:h2:x", "", "", 1));
    assertThrows(
        IllegalArgumentException.class, () -> new DatabaseSettings("jdbc:h2:x", "", "", 201));
  }

  @Test
  void never_shows_the_password() {
    DatabaseSettings settings =
        new DatabaseSettings("jdbc:postgresql://db/cms", "cms", "s3cr3t-value", 5);
    assertFalse(settings.toString().contains("s3cr3t-value"), settings.toString());
  }
}
