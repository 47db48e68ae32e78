package io.cmsai.indexing.batch;

import io.cmsai.indexing.IndexProgress;
import io.cmsai.indexing.IndexRun.State;
import io.cmsai.indexing.internal.Runs;
import io.cmsai.platform.Database;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the run row in step with the batch execution: its id, failures and end state. */
@Named("cmsAiReindexListener")
@Dependent
public class ReindexListener implements JobListener, StepListener {

  private static final Logger LOG = Logger.getLogger(ReindexListener.class.getName());

  private final Database database;
  private final JobContext job;
  private final StepContext step;
  private final Event<IndexProgress> progress;

  @Inject
  @BatchProperty(name = "runId")
  String runId;

  @Inject
  public ReindexListener(
      Database database, JobContext job, StepContext step, Event<IndexProgress> progress) {
    this.database = database;
    this.job = job;
    this.step = step;
    this.progress = progress;
  }

  @Override
  public void beforeJob() {
    database.withConnection(
        c -> {
          Runs.execution(c, runId(), job.getExecutionId(), Instant.now());
          return null;
        });
  }

  @Override
  public void beforeStep() {
    // nothing to record
  }

  @Override
  public void afterStep() {
    Exception failure = step.getException();
    if (failure != null) {
      LOG.log(
          Level.WARNING,
          "re-index run " + runId + " failed in step " + step.getStepName(),
          failure);
      job.setTransientUserData(describe(failure));
    }
  }

  @Override
  public void afterJob() {
    // While afterJob runs the job is still STARTED when every step went well: its final status is
    // set after the listeners.
    BatchStatus status = job.getBatchStatus();
    String failure = job.getTransientUserData() instanceof String s ? s : null;
    State state =
        switch (status) {
          case STARTED, COMPLETED -> failure == null ? State.COMPLETED : State.FAILED;
          case STOPPED, STOPPING -> State.STOPPED;
          default -> State.FAILED;
        };
    String message =
        failure != null ? failure : state == State.FAILED ? "the batch job ended " + status : null;
    Runs.Row row =
        database.withConnection(
            c -> {
              Runs.state(c, runId(), state, message, Instant.now());
              return Runs.find(c, runId()).orElseThrow();
            });
    progress.fire(new IndexProgress(row.run()));
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = String.valueOf(failure.getMessage());
    if (root != failure && root.getMessage() != null && !text.contains(root.getMessage())) {
      text += ": " + root.getMessage();
    }
    return text;
  }

  private long runId() {
    return Long.parseLong(runId);
  }
}
