package io.cmsai.it;

import static io.cmsai.testing.Web.basic;
import static io.cmsai.testing.Web.enc;
import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.MicroServer;
import io.cmsai.testing.WorkDirs;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The crash-and-resume guarantee, end to end: the server started as {@code scripts/run} starts it
 * (embedded database, in-process model, embedded store) indexes the demo corpus by itself; it is
 * killed with SIGKILL in the middle of that run and started again on the same data directory. The
 * same run resumes and completes, and afterwards the store holds exactly one vector per live chunk
 * of the catalogue: nothing pending, nothing duplicated, every demo item indexed once.
 */
class IndexResumeIT {

  private static final String PASSWORD = "resume-it-password-4711";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void a_rebuild_killed_mid_run_resumes_after_a_restart_and_ends_consistent() throws Exception {
    Path work = Path.of(System.getProperty("cms.ai.test.work", "target/it-work"), "resume");
    WorkDirs.deleteTree(work);
    Path data = work.resolve("data");
    List<String> options = List.of("-Dcms.ai.admin.initial-password=" + PASSWORD);

    JsonObject before;
    MicroServer first = MicroServer.start(data, work.resolve("first.log"), options);
    try {
      before =
          await(
              first.base(),
              s -> run(s) != null && run(s).getJsonNumber("itemsDone").longValue() >= 48,
              Duration.ofMinutes(5),
              "the automatic first index to pass 48 items");
      assertEquals("running", run(before).getString("state"), before.toString());
      JsonObject search = json(get(first.base(), "api/ai/search?q=" + enc("network bridge")));
      assertTrue(
          search.getJsonArray("notes").toString().contains("the index is being built"),
          search.toString());
    } finally {
      first.kill();
    }
    long runId = run(before).getJsonNumber("id").longValue();
    long total = run(before).getJsonNumber("itemsTotal").longValue();
    assertTrue(total > 400, "the demo corpus: " + before);

    try (MicroServer second = MicroServer.start(data, work.resolve("second.log"), options)) {
      JsonObject after =
          await(
              second.base(),
              s -> run(s) != null && run(s).containsKey("endedAt"),
              Duration.ofMinutes(8),
              "the resumed run to end");
      JsonObject last = run(after);

      assertEquals(runId, last.getJsonNumber("id").longValue(), "the same run resumed: " + after);
      assertEquals("completed", last.getString("state"), after.toString());
      assertEquals(total, last.getJsonNumber("itemsDone").longValue(), after.toString());
      assertEquals(0, last.getJsonNumber("itemsSkipped").longValue(), after.toString());
      assertEquals(total, after.getJsonNumber("items").longValue(), after.toString());
      assertEquals(0, after.getJsonNumber("pendingChunks").longValue(), after.toString());
      assertEquals(
          after.getJsonNumber("chunks").longValue(),
          after.getJsonNumber("storeCount").longValue(),
          "one vector per live chunk: " + after);
      assertEquals("fresh", after.getString("freshness"), after.toString());
      assertTrue(
          Files.readString(second.log())
              .contains("resuming the search index rebuild (run " + runId),
          "the restart resumed the run");

      JsonObject search =
          json(get(second.base(), "api/ai/search?q=" + enc("how do I set up a network bridge")));
      assertFalse(search.getJsonArray("hits").isEmpty(), search.toString());
      assertTrue(
          search.getJsonArray("hits").getJsonObject(0).getString("url").startsWith("demo/"),
          search.toString());
      assertTrue(search.getJsonArray("notes").isEmpty(), search.toString());
    }
  }

  private static JsonObject run(JsonObject status) {
    return status.containsKey("lastRun") ? status.getJsonObject("lastRun") : null;
  }

  private static JsonObject await(
      URI base, Predicate<JsonObject> condition, Duration timeout, String what) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    JsonObject status = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = get(base, "api/ai/admin/index");
      assertEquals(200, response.statusCode(), response.body());
      status = json(response).getJsonObject("index");
      if (condition.test(status)) {
        return status;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what + ": " + status);
  }

  private static HttpResponse<String> get(URI base, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", basic("admin", PASSWORD))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
