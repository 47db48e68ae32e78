package io.cmsai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.search.SearchMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class JsonBindingTest {

  public enum Phase {
    RUNNING,
    NOT_STARTED
  }

  public record Shape(Phase phase, List<Phase> phases, SearchMode mode) {}

  public record Optionals(
      Optional<String> present, Optional<Instant> absent, Optional<Shape> none, String missing) {}

  @Test
  void enums_are_written_in_lower_case_also_inside_lists_and_beside_their_own_adapter() {
    String json =
        JsonBinding.jsonb()
            .toJson(new Shape(Phase.NOT_STARTED, List.of(Phase.RUNNING), SearchMode.HYBRID));

    assertEquals("{\"mode\":\"hybrid\",\"phase\":\"not_started\",\"phases\":[\"running\"]}", json);
  }

  @Test
  void an_optional_is_its_value_and_an_empty_one_is_left_out_like_null() {
    String json =
        JsonBinding.jsonb()
            .toJson(new Optionals(Optional.of("v"), Optional.empty(), Optional.empty(), null));

    assertEquals("{\"present\":\"v\"}", json);
  }

  @Test
  void a_present_optional_instant_is_iso_8601_text() {
    Instant at = Instant.parse("2026-12-07T21:00:00Z");

    String json =
        JsonBinding.jsonb()
            .toJson(new Optionals(Optional.empty(), Optional.of(at), Optional.empty(), null));

    assertEquals("{\"absent\":\"2026-12-07T21:00:00Z\"}", json);
  }
}
