package io.cmsai.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cmsai.indexing.IndexFreshness;
import io.cmsai.indexing.IndexRun;
import io.cmsai.indexing.IndexStatus;
import io.cmsai.platform.Jsons;
import io.cmsai.web.JsonBinding;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexWireTest {

  private static final Instant START = Instant.parse("2026-12-07T20:00:00Z");

  private static IndexRun running(long done, long total) {
    return new IndexRun(
        7,
        IndexRun.State.RUNNING,
        3,
        "m (384 dimensions)",
        total,
        done,
        0,
        0,
        done * 2,
        0,
        "",
        START,
        START.plusSeconds(10),
        Optional.empty());
  }

  private static IndexStatus status(Optional<IndexRun> lastRun) {
    return new IndexStatus(
        40,
        80,
        0,
        80,
        "embedded cms_ai_content",
        "m",
        IndexFreshness.FRESH,
        "ok",
        0,
        List.of("demo (40)"),
        lastRun);
  }

  private static JsonObject json(Object value) {
    return Jsons.readObject(JsonBinding.jsonb().toJson(value));
  }

  @Test
  void a_run_is_the_record_itself_with_its_state_in_lower_case_and_no_end_while_running() {
    JsonObject json = json(IndexWire.Run.of(running(25, 100), START.plusSeconds(10)));

    JsonObject run = json.getJsonObject("run");
    assertEquals("running", run.getString("state"));
    assertEquals(25, run.getInt("itemsDone"));
    assertEquals("2026-12-07T20:00:00Z", run.getString("startedAt"));
    assertFalse(run.containsKey("endedAt"), json.toString());
  }

  @Test
  void the_progress_beside_a_run_is_derived_from_it() {
    JsonObject progress =
        json(IndexWire.Run.of(running(25, 100), START.plusSeconds(10))).getJsonObject("progress");

    assertEquals(25, progress.getInt("percent"));
    assertEquals(2.5, progress.getJsonNumber("rate").doubleValue());
    assertEquals(30, progress.getInt("etaSeconds"));
  }

  @Test
  void before_the_first_run_the_status_has_no_run_and_no_progress() {
    JsonObject json = json(IndexWire.Status.of(status(Optional.empty()), "", START));

    assertFalse(json.getJsonObject("index").containsKey("lastRun"), json.toString());
    assertEquals("fresh", json.getJsonObject("index").getString("freshness"));
    assertFalse(json.containsKey("progress"), json.toString());
    assertEquals("", json.getString("queueError"));
  }

  @Test
  void with_a_run_the_status_carries_it_and_its_progress() {
    JsonObject json =
        json(
            IndexWire.Status.of(
                status(Optional.of(running(50, 100))), "db down", START.plusSeconds(10)));

    assertEquals(7, json.getJsonObject("index").getJsonObject("lastRun").getInt("id"));
    assertEquals(50, json.getJsonObject("progress").getInt("percent"));
    assertEquals("db down", json.getString("queueError"));
  }
}
