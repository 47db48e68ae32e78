package io.cmsai.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built WAR on its own Payara Micro process, started the way {@code scripts/run} starts it (for
 * tests that kill and restart the server, which Arquillian cannot do). Output goes to a log file.
 */
public final class MicroServer implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final URI base;
  private final Path log;

  private MicroServer(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /**
   * Starts the WAR with {@code dataDir} and {@code properties} ({@code -Dkey=value} options) and
   * waits until {@code /health/ready} reports UP.
   */
  public static MicroServer start(Path dataDir, Path log, List<String> properties)
      throws IOException, InterruptedException {
    String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
    String war = System.getProperty("cms.ai.test.war", "target/cms-ai.war");
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-Dcms.ai.data-dir=" + dataDir);
    command.addAll(properties);
    command.addAll(
        List.of(
            "-jar",
            jar,
            "--deploy",
            war,
            "--contextroot",
            "/",
            "--port",
            Integer.toString(port),
            "--nohazelcast"));
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    MicroServer server =
        new MicroServer(process, URI.create("http://localhost:" + port + "/"), log);
    server.awaitReady(Duration.ofSeconds(180));
    return server;
  }

  /** The server's root URL, ending in {@code /}. */
  public URI base() {
    return base;
  }

  /** The server's log file. */
  public Path log() {
    return log;
  }

  /** Kills the process at once (SIGKILL): no shutdown hooks, no pre-destroy, no flush. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the process gracefully (SIGTERM), killing it after 60 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + tail());
      }
      try {
        HttpResponse<String> ready =
            HTTP.send(
                HttpRequest.newBuilder(base.resolve("health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200 && ready.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    kill();
    throw new IllegalStateException("Payara Micro was not ready within " + timeout + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return "; log "
        + log
        + ":\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
