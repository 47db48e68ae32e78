package io.cmsai.health;

import io.cmsai.platform.Database;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.platform.StartupReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when start-up finished and the module database answers a validity check within {@value
 * #VALID_TIMEOUT_SECONDS} seconds. DOWN responses carry the reason as {@code error}.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  static final int VALID_TIMEOUT_SECONDS = 2;

  private final ModuleStartup startup;
  private final Database database;

  /** For CDI proxies only. */
  protected DatabaseReadinessCheck() {
    this.startup = null;
    this.database = null;
  }

  @Inject
  public DatabaseReadinessCheck(ModuleStartup startup, Database database) {
    this.startup = startup;
    this.database = database;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("cms-ai-database");
    StartupReport report = startup.report();
    response.withData("startup", report.phase().name());
    if (report.phase() != StartupReport.Phase.READY) {
      report.failure().ifPresent(reason -> response.withData("error", reason));
      return response.down().build();
    }
    try (Connection connection = database.dataSource().getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      response.withData("database", meta.getDatabaseProductName());
      return connection.isValid(VALID_TIMEOUT_SECONDS)
          ? response.up().build()
          : response.withData("error", "database did not answer in time").down().build();
    } catch (SQLException e) {
      return response.withData("error", String.valueOf(e.getMessage())).down().build();
    }
  }
}
