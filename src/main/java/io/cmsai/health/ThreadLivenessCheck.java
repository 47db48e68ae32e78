package io.cmsai.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless JVM threads are deadlocked: the one state a restart fixes and a readiness check
 * cannot report. Configuration problems are readiness failures, so they do not cause restart loops.
 */
@Liveness
@ApplicationScoped
public class ThreadLivenessCheck implements HealthCheck {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  @Override
  public HealthCheckResponse call() {
    long[] deadlocked = threads.findDeadlockedThreads();
    int count = deadlocked == null ? 0 : deadlocked.length;
    return HealthCheckResponse.named("cms-ai-threads")
        .withData("deadlocked", count)
        .status(count == 0)
        .build();
  }
}
