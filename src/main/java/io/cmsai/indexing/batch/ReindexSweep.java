package io.cmsai.indexing.batch;

import io.cmsai.content.ContentSource;
import io.cmsai.content.ContentSources;
import io.cmsai.indexing.IndexPipeline;
import io.cmsai.indexing.internal.Runs;
import io.cmsai.platform.Database;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;

/**
 * Removes items the run did not see (deleted from their source) and stray vectors, then tidies the
 * store after the bulk load ({@link io.cmsai.vectorstore.VectorStore#optimize}).
 */
@Named("cmsAiReindexSweep")
@Dependent
public class ReindexSweep extends AbstractBatchlet {

  private final IndexPipeline pipeline;
  private final ContentSources sources;
  private final Database database;

  @Inject
  @BatchProperty(name = "runId")
  String runId;

  @Inject
  public ReindexSweep(IndexPipeline pipeline, ContentSources sources, Database database) {
    this.pipeline = pipeline;
    this.sources = sources;
    this.database = database;
  }

  @Override
  public String process() {
    long removed =
        pipeline.sweep(runId(), sources.active().stream().map(ContentSource::name).toList());
    database.withConnection(
        c -> {
          Runs.removed(c, runId(), removed, Instant.now());
          return null;
        });
    pipeline.optimize();
    return "COMPLETED";
  }

  private long runId() {
    return Long.parseLong(runId);
  }
}
