package io.cmsai.vectorstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stores' naming rules. */
class NamesTest {

  @Test
  void postgres_names_are_lower_case_identifiers_of_at_most_63_characters() {
    assertEquals("cms_ai_content", Names.lowerIdentifier("table", "cms_ai_content"));
    assertEquals("t".repeat(63), Names.lowerIdentifier("table", "t".repeat(63)));

    for (String bad : new String[] {"Content", "1table", "a-b", "x\"; DROP", "t".repeat(64), ""}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Names.lowerIdentifier("table", bad));
      assertTrue(e.getMessage().startsWith("invalid table name"), e.getMessage());
    }
  }

  @Test
  void milvus_names_may_use_capitals_but_no_other_characters() {
    assertEquals("SiteContent", Names.milvus("collection", "SiteContent"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Names.milvus("database", "a\" or 1"));
    assertTrue(e.getMessage().contains("Milvus database name"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Names.milvus("collection", null));
  }

  @Test
  void embedded_names_allow_dashes_but_no_dots_or_slashes() {
    assertEquals("site-content_2", Names.embedded("site-content_2"));
    assertThrows(IllegalArgumentException.class, () -> Names.embedded("../x"));
    assertThrows(IllegalArgumentException.class, () -> Names.embedded("a.b"));
  }
}
