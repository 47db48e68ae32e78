package io.cmsai.testing;

import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.internal.Connection;
import io.cmsai.provider.internal.OpenAiCompatibleClient;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Builds provider clients outside the server, with their own threads; close it after the test. */
public final class ClientFixture implements AutoCloseable {

  private final ExecutorService executor = Executors.newCachedThreadPool(daemon("http"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("timer"));

  public OpenAiCompatibleClient client(ProviderSettings settings) {
    return client(settings, Map.of());
  }

  /** A client whose key references resolve from {@code secrets}. */
  public OpenAiCompatibleClient client(ProviderSettings settings, Map<String, String> secrets) {
    return new OpenAiCompatibleClient(
        new Connection(
            settings,
            ref -> Optional.ofNullable(secrets.get(ref)),
            executor,
            timer,
            Clock.systemUTC()));
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, "test-client-" + name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
