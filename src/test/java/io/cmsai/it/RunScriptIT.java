package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.MicroServer;
import io.cmsai.testing.WorkDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A server started exactly as {@code scripts/run} starts it (the script itself, with {@code
 * CMS_AI_WAR}).
 *
 * <p>The runtime's own {@code /metrics} and {@code /openapi} (the latter lists every admin
 * operation) do not answer, and no response names the server software (review F15, F6).
 *
 * <p>The test suite's cleanup never breaks a server running beside it. A server is started exactly
 * as {@code scripts/run} starts it (the script itself), with the system temporary directory ({@code
 * TMPDIR}, {@code java.io.tmpdir}) pointed at a directory of this test, standing in for the
 * machine's shared {@code /tmp}. Then the cleanup {@code scripts/test} runs at its end ({@code
 * scripts/lib/test-cleanup.sh}) runs with the same {@code TMPDIR}, on a build directory of this
 * test holding the leftovers a test run makes. The server must go on answering requests that load
 * classes for the first time (a deleted Payara Micro runtime directory turned every such request
 * into {@code 500 NoClassDefFoundError}), its runtime directory must be its own under the data
 * directory, the build directory's leftovers must be gone, and everything else in the temporary
 * directory must still be there.
 */
class RunScriptIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void runtime_endpoints_are_off_and_the_suites_cleanup_leaves_the_server_and_shared_tmp_alone()
      throws Exception {
    Path work = Path.of(System.getProperty("cms.ai.test.work", "target/it-work"), "cleanup");
    WorkDirs.deleteTree(work);
    Path sharedTmp = Files.createDirectories(work.resolve("shared-tmp"));
    Path data = work.resolve("data");
    Path someoneElses = Files.createDirectories(sharedTmp.resolve("payaramicro-rt99tmp"));
    Files.writeString(someoneElses.resolve("marker"), "another server's runtime");

    List<String> options =
        List.of(
            "-Djava.io.tmpdir=" + sharedTmp.toAbsolutePath(),
            "-Dcms.ai.admin.initial-password=cleanup-it-password-0815",
            "-Dcms.ai.demo.enabled=false",
            "-Dcms.ai.index.auto-rebuild=false");
    try (MicroServer server =
        MicroServer.start(
            data,
            work.resolve("server.log"),
            options,
            Map.of("TMPDIR", sharedTmp.toAbsolutePath().toString()))) {
      HttpResponse<String> status = get(server.base(), "api/ai/status");
      assertEquals(200, status.statusCode());
      assertEquals(Optional.empty(), status.headers().firstValue("Server"), "no Server header");
      assertEquals(Optional.empty(), status.headers().firstValue("X-Powered-By"));
      for (String runtimeEndpoint : List.of("metrics", "openapi", "metrics/base", "openapi/")) {
        HttpResponse<String> response = get(server.base(), runtimeEndpoint);
        assertTrue(
            response.statusCode() == 403 || response.statusCode() == 404,
            runtimeEndpoint + " -> " + response.statusCode() + " " + response.body());
        assertFalse(response.body().contains("/api/ai/admin"), runtimeEndpoint);
        assertFalse(response.body().contains("jvm_uptime"), runtimeEndpoint);
      }
      assertTrue(
          Files.isDirectory(data.resolve("payara").resolve("runtime")),
          "Payara Micro's runtime directory is the server's own, under its data directory");
      try (Stream<Path> tmp = Files.list(sharedTmp)) {
        assertEquals(
            List.of("payaramicro-rt99tmp"),
            tmp.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("payaramicro"))
                .toList(),
            "the server unpacked nothing into the shared temporary directory");
      }

      Path build = Files.createDirectories(work.resolve("build"));
      List<Path> leftovers =
          List.of(
              Files.createDirectories(build.resolve("it-tmp").resolve("payaramicro-rt1tmp")),
              Files.createDirectories(build.resolve("it-work").resolve("payara-data")),
              Files.createDirectories(build.resolve("arquillian-payara-micro42")),
              Files.createDirectories(build.resolve("payaramicro-rt7tmp")));
      Path kept = Files.writeString(build.resolve("cms-ai.war"), "not a leftover");
      cleanup(build, sharedTmp, work.resolve("cleanup.log"));

      for (Path leftover : leftovers) {
        assertFalse(Files.exists(leftover), "removed: " + leftover);
      }
      assertTrue(Files.exists(kept), "the build output stays");
      assertTrue(Files.exists(someoneElses.resolve("marker")), "another server's files stay");
      assertTrue(Files.isDirectory(data.resolve("payara").resolve("runtime")));

      // Paths whose classes this server has not loaded yet.
      List<String> failures = new ArrayList<>();
      for (String path :
          List.of(
              "admin/login",
              "search.html",
              "api/ai/search?q=network",
              "api/ai/admin/provider",
              "api/ai/v1/models",
              "demo/no-such-page",
              "no/such/path",
              "health/ready")) {
        HttpResponse<String> response = get(server.base(), path);
        if (response.statusCode() >= 500 || response.body().contains("NoClassDefFoundError")) {
          failures.add(path + " -> " + response.statusCode() + " " + response.body());
        }
      }
      assertEquals(List.of(), failures, "requests after the cleanup");
    }
  }

  private static void cleanup(Path build, Path tmp, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                Path.of("scripts", "lib", "test-cleanup.sh").toAbsolutePath().toString(),
                build.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("TMPDIR", tmp.toAbsolutePath().toString());
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "cleanup finished");
    assertEquals(
        0, process.exitValue(), "cleanup: " + Files.readString(log, StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(URI base, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
