package io.cmsai.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the module when the application starts: checks the data directory, migrates the schema and
 * records the installation date ({@link InstallationRecord}).
 *
 * <p>A failure does not undeploy the application: it is logged once as SEVERE with its cause and
 * reported by {@link #report()}, so {@code /health/ready} answers DOWN with the reason instead of a
 * deployment that silently lacks the module.
 */
@ApplicationScoped
public class ModuleStartup {

  private static final Logger LOG = Logger.getLogger(ModuleStartup.class.getName());

  private final DataDirectory dataDirectory;
  private final Database database;
  private final SchemaMigrator migrator;
  private final InstallationRecord installation;
  private final Clock clock;
  private volatile StartupReport report;

  /** For CDI proxies only. */
  protected ModuleStartup() {
    this.dataDirectory = null;
    this.database = null;
    this.migrator = null;
    this.installation = null;
    this.clock = null;
  }

  @Inject
  public ModuleStartup(
      DataDirectory dataDirectory,
      Database database,
      SchemaMigrator migrator,
      InstallationRecord installation) {
    this.dataDirectory = dataDirectory;
    this.database = database;
    this.migrator = migrator;
    this.installation = installation;
    this.clock = Clock.systemUTC();
    this.report = StartupReport.starting(clock.instant());
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    start();
  }

  /** Runs start-up once; later calls return the first outcome. */
  public synchronized StartupReport start() {
    if (report.phase() != StartupReport.Phase.STARTING) {
      return report;
    }
    try {
      dataDirectory.ensureWritable();
      database.open();
      String schema = migrator.migrate();
      Instant installed = installation.installedAt(report.startedAt());
      report = report.ready(installed, schema);
      LOG.info(
          () ->
              ModuleInfo.NAME
                  + " "
                  + ModuleInfo.version()
                  + " started: data directory "
                  + dataDirectory.root()
                  + ", database "
                  + database.productName()
                  + ", schema version "
                  + schema);
    } catch (RuntimeException e) {
      report = report.failed(describe(e));
      LOG.log(Level.SEVERE, ModuleInfo.NAME + " failed to start: " + report.failure().get(), e);
    }
    return report;
  }

  /** The outcome of start-up so far. */
  public StartupReport report() {
    return report;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e ? message : e.getMessage() + " (cause: " + message + ")";
  }
}
