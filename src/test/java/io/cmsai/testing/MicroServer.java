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
import java.util.Map;
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
   * Starts the WAR with {@code dataDir} and {@code properties} ({@code -Dkey=value} options)
   * through {@code scripts/run} itself (with {@code CMS_AI_WAR}, so nothing is built), and waits
   * until {@code /health/ready} reports UP. Payara Micro's runtime directory is then {@code
   * <dataDir>/payara}, as for any {@code scripts/run} server.
   */
  public static MicroServer start(Path dataDir, Path log, List<String> properties)
      throws IOException, InterruptedException {
    return start(dataDir, log, properties, Map.of());
  }

  /**
   * Like {@link #start(Path, Path, List)}, with extra environment variables for {@code scripts/run}
   * (e.g. {@code TMPDIR}).
   */
  public static MicroServer start(
      Path dataDir, Path log, List<String> properties, Map<String, String> environment)
      throws IOException, InterruptedException {
    String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
    String war = System.getProperty("cms.ai.test.war", "target/cms-ai.war");
    int port = freePort();
    List<String> options = new ArrayList<>();
    options.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    options.addAll(properties);
    Files.createDirectories(dataDir);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder("bash", Path.of("scripts", "run").toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("CMS_AI_WAR", Path.of(war).toAbsolutePath().toString());
    env.put("CMS_AI_MICRO_JAR", Path.of(jar).toAbsolutePath().toString());
    env.put("CMS_AI_PORT", Integer.toString(port));
    env.put("CMS_AI_DATA_DIR", dataDir.toAbsolutePath().toString());
    env.put("CMS_AI_READY_TIMEOUT", "180");
    env.put("JAVA_OPTS", String.join(" ", options));
    env.remove("CMS_AI_CONFIG");
    env.putAll(environment);
    Process process = builder.start();
    MicroServer server =
        new MicroServer(process, URI.create("http://localhost:" + port + "/"), log);
    server.awaitReady(Duration.ofSeconds(180));
    return server;
  }

  /** The operating-system process id of the server (scripts/run execs the JVM in its place). */
  public long pid() {
    return process.pid();
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
