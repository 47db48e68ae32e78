package io.cmsai.indexing.batch;

import io.cmsai.indexing.IndexOutcome;
import io.cmsai.indexing.IndexPipeline;
import io.cmsai.indexing.IndexProgress;
import io.cmsai.indexing.SourcedItem;
import io.cmsai.indexing.internal.Runs;
import io.cmsai.platform.Database;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;

/**
 * Writes a batch of items through the pipeline, then records the run's progress and resume position
 * (after the writes: a crash in between repeats the batch, which finds it unchanged).
 */
@Named("cmsAiReindexWriter")
@Dependent
public class ReindexWriter extends AbstractItemWriter {

  private final IndexPipeline pipeline;
  private final Database database;
  private final Event<IndexProgress> progress;

  @Inject
  @BatchProperty(name = "runId")
  String runId;

  @Inject
  public ReindexWriter(IndexPipeline pipeline, Database database, Event<IndexProgress> progress) {
    this.pipeline = pipeline;
    this.database = database;
    this.progress = progress;
  }

  @Override
  public void writeItems(List<Object> items) {
    List<SourcedItem> batch = items.stream().map(SourcedItem.class::cast).toList();
    IndexOutcome outcome = pipeline.index(batch, runId());
    SourcedItem last = batch.get(batch.size() - 1);
    Runs.Row row =
        database.withConnection(
            c -> {
              Runs.progress(
                  c,
                  runId(),
                  batch.size(),
                  outcome,
                  last.source(),
                  last.item().id(),
                  Instant.now());
              return Runs.find(c, runId()).orElseThrow();
            });
    progress.fire(new IndexProgress(row.run()));
  }

  private long runId() {
    return Long.parseLong(runId);
  }
}
