package io.cmsai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A setting descriptor reads, validates and writes its value; a group builds from them. */
class SettingTest {

  private static final Setting<Integer> SIZE =
      Setting.of("t.size", SettingType.integer(1, 10), 4, "Size", "How many.")
          .editable("main", "number");
  private static final Setting<Duration> WAIT =
      Setting.of("t.wait", SettingType.DURATION, Duration.ofSeconds(90), "Wait", "How long.");
  private static final Setting<String> SECRET =
      Setting.withoutDefault("t.secret", SettingType.TEXT, "Secret", "None by default.");

  private record Pair(int size, Duration delay) {}

  private static final SettingGroup<Pair> GROUP =
      new SettingGroup<>(
          "Test", "t.", List.of(SIZE, WAIT), v -> new Pair(v.get(SIZE), v.get(WAIT)));

  @Test
  void a_missing_or_blank_value_is_the_default_and_a_bad_one_names_its_key() {
    assertEquals(4, SIZE.read(k -> Optional.empty()));
    assertEquals(4, SIZE.read(k -> Optional.of("  ")));
    assertEquals(7, SIZE.read(k -> Optional.of(" 7 ")));

    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> SIZE.read(k -> Optional.of("11")));
    IllegalArgumentException text =
        assertThrows(IllegalArgumentException.class, () -> SIZE.read(k -> Optional.of("many")));

    assertEquals("invalid value for t.size: must be 1..10, got 11", range.getMessage());
    assertTrue(text.getMessage().startsWith("invalid value for t.size: 'many'"), text.getMessage());
  }

  @Test
  void a_setting_without_default_is_found_only_when_given() {
    assertEquals(Optional.empty(), SECRET.find(k -> Optional.empty()));
    assertEquals(Optional.of("x"), SECRET.find(k -> Optional.of("x")));
    assertEquals("", SECRET.defaultText());
  }

  @Test
  void values_are_written_the_way_they_are_read_back() {
    assertEquals("90s", WAIT.defaultText());
    assertEquals("1500ms", WAIT.format(Duration.ofMillis(1500)));
    assertEquals(Duration.ofMillis(1500), WAIT.parse(WAIT.format(Duration.ofMillis(1500))));
  }

  @Test
  void only_settings_with_a_form_are_admin_editable() {
    assertTrue(SIZE.adminEditable());
    assertEquals("main", SIZE.form().orElseThrow().group());
    assertFalse(WAIT.adminEditable());
  }

  @Test
  void a_group_builds_its_value_and_shows_every_value_as_text() {
    Map<String, String> given = Map.of("t.size", "9", "t.wait", "2m");

    assertEquals(
        new Pair(9, Duration.ofMinutes(2)), GROUP.read(k -> Optional.ofNullable(given.get(k))));
    assertEquals(List.of("size", "wait"), GROUP.keys());
    assertEquals(
        Map.of("size", "9", "wait", "2m"), GROUP.texts(k -> Optional.ofNullable(given.get(k))));
    assertEquals(
        Map.of("size", "nine", "wait", "90s"),
        GROUP.texts(k -> k.equals("t.size") ? Optional.of("nine") : Optional.empty()),
        "a value that does not parse is shown as given");
  }

  @Test
  void a_group_refuses_a_setting_outside_its_prefix() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SettingGroup<>("Test", "u.", List.of(SIZE), v -> null));
  }
}
