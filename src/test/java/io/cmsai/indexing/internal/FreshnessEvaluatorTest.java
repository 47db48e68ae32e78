package io.cmsai.indexing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.indexing.IndexFreshness;
import io.cmsai.indexing.internal.FreshnessEvaluator.Facts;
import io.cmsai.indexing.internal.FreshnessEvaluator.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreshnessEvaluatorTest {

  private static final Facts FRESH =
      new Facts("", Optional.empty(), 12, false, true, true, "mini (384 dimensions)");

  @Test
  void a_completed_build_for_this_store_and_model_is_fresh() {
    Verdict verdict = FreshnessEvaluator.evaluate(FRESH);

    assertEquals(IndexFreshness.FRESH, verdict.freshness());
    assertEquals(
        "every published item of the content sources is indexed for mini (384 dimensions)",
        verdict.detail());
  }

  @Test
  void an_unreachable_store_is_unavailable_whatever_else_holds() {
    Verdict verdict =
        FreshnessEvaluator.evaluate(
            new Facts(
                "connection refused",
                Optional.of("holds 768-dimensional vectors"),
                0,
                true,
                false,
                false,
                "m"));

    assertEquals(IndexFreshness.UNAVAILABLE, verdict.freshness());
    assertEquals("the vector store cannot be reached: connection refused", verdict.detail());
  }

  @Test
  void a_store_of_another_model_is_stale_even_when_a_run_is_going() {
    Verdict verdict =
        FreshnessEvaluator.evaluate(
            new Facts("", Optional.of("holds 768-dimensional vectors"), 5, true, true, true, "m"));

    assertEquals(IndexFreshness.STALE, verdict.freshness());
    assertTrue(verdict.detail().startsWith("the store holds 768-dimensional vectors."));
  }

  @Test
  void nothing_indexed_and_nothing_running_is_empty_but_a_first_run_is_incomplete() {
    Facts empty = new Facts("", Optional.empty(), 0, false, false, false, "m");
    Facts firstRun = new Facts("", Optional.empty(), 0, true, false, false, "m");

    assertEquals(IndexFreshness.EMPTY, FreshnessEvaluator.evaluate(empty).freshness());
    Verdict running = FreshnessEvaluator.evaluate(firstRun);
    assertEquals(IndexFreshness.INCOMPLETE, running.freshness());
    assertEquals("a re-index is running", running.detail());
  }

  @Test
  void an_unfinished_run_or_a_catalogue_of_other_store_settings_is_incomplete() {
    Facts stopped = new Facts("", Optional.empty(), 3, false, true, false, "m");
    Facts otherStore = new Facts("", Optional.empty(), 3, false, false, true, "m");

    assertEquals(IndexFreshness.INCOMPLETE, FreshnessEvaluator.evaluate(stopped).freshness());
    assertEquals(IndexFreshness.INCOMPLETE, FreshnessEvaluator.evaluate(otherStore).freshness());
    assertTrue(FreshnessEvaluator.evaluate(stopped).detail().contains("did not complete"));
  }

  @Test
  void labels_are_the_strings_the_console_shows() {
    assertEquals("fresh", IndexFreshness.FRESH.label());
    assertEquals("incomplete", IndexFreshness.INCOMPLETE.label());
    assertEquals("unavailable", IndexFreshness.UNAVAILABLE.label());
  }
}
