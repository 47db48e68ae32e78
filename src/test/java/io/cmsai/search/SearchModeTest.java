package io.cmsai.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchModeTest {

  @ParameterizedTest
  @CsvSource({
    "auto, AUTO",
    "dense, DENSE",
    "KEYWORD, KEYWORD",
    "' Hybrid ', HYBRID",
    "hYbRiD, HYBRID"
  })
  void a_mode_is_parsed_by_name_whatever_its_case_and_spaces(String text, SearchMode mode) {
    assertEquals(mode, SearchMode.parse(text));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void a_blank_mode_is_auto(String text) {
    assertEquals(SearchMode.AUTO, SearchMode.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"semantic", "bm25", "dense-only", "auto mode"})
  void an_unknown_mode_is_refused_naming_the_valid_ones(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SearchMode.parse(text));

    assertEquals(
        "unknown search mode '" + text + "': use auto, dense, keyword or hybrid", e.getMessage());
  }

  @Test
  void every_id_parses_back_to_its_mode() {
    for (SearchMode mode : SearchMode.values()) {
      assertEquals(mode.name().toLowerCase(java.util.Locale.ROOT), mode.id());
      assertEquals(mode, SearchMode.parse(mode.id()));
    }
  }
}
