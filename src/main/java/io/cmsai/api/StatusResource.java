package io.cmsai.api;

import io.cmsai.platform.Database;
import io.cmsai.platform.ModuleInfo;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.platform.StartupReport;
import io.cmsai.provider.ProviderHealth;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/ai/status}: what is running, for operators and portal front ends. */
@Path("status")
@PermitAll
@RequestScoped
public class StatusResource {

  private final ModuleStartup startup;
  private final Database database;
  private final ProviderHealth provider;

  /** For CDI proxies only. */
  protected StatusResource() {
    this.startup = null;
    this.database = null;
    this.provider = null;
  }

  @Inject
  public StatusResource(ModuleStartup startup, Database database, ProviderHealth provider) {
    this.startup = startup;
    this.database = database;
    this.provider = provider;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public ModuleStatus status() {
    StartupReport report = startup.report();
    return new ModuleStatus(
        ModuleInfo.NAME,
        ModuleInfo.version(),
        report.phase().name(),
        report.startedAt(),
        report.installedAt().orElse(null),
        report.schemaVersion().orElse(null),
        database.productName(),
        provider.status().state().name());
  }
}
