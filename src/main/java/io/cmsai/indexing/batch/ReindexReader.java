package io.cmsai.indexing.batch;

import io.cmsai.content.ContentSources;
import io.cmsai.indexing.internal.Runs;
import io.cmsai.indexing.internal.SourceWalk;
import io.cmsai.platform.Database;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * Reads every item of the active content sources, resuming after the checkpoint (or, when the batch
 * repository lost it in a restart, after the position recorded on the run).
 */
@Named("cmsAiReindexReader")
@Dependent
public class ReindexReader extends AbstractItemReader {

  /** Items per content source call. */
  static final int PAGE_SIZE = 100;

  private final ContentSources sources;
  private final Database database;

  @Inject
  @BatchProperty(name = "runId")
  String runId;

  private SourceWalk walk;

  @Inject
  public ReindexReader(ContentSources sources, Database database) {
    this.sources = sources;
    this.database = database;
  }

  @Override
  public void open(Serializable checkpoint) {
    SourceWalk.Cursor cursor = (SourceWalk.Cursor) checkpoint;
    if (cursor == null) {
      cursor =
          database.withConnection(
              c ->
                  Runs.find(c, Long.parseLong(runId))
                      .filter(r -> r.cursorSource() != null)
                      .map(r -> new SourceWalk.Cursor(r.cursorSource(), r.cursorItem()))
                      .orElse(null));
    }
    walk = new SourceWalk(sources.active(), cursor, PAGE_SIZE);
  }

  @Override
  public Object readItem() {
    return walk.next();
  }

  @Override
  public Serializable checkpointInfo() {
    return walk.position();
  }
}
