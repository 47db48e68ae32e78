package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One embeddings call split into batches of at most {@code embeddingBatchSize} inputs, with at most
 * {@code embeddingConcurrency} batches in flight. The vectors come back in input order. The first
 * failing batch fails the call and cancels the batches still running. Vectors of different lengths,
 * or of another length than the request's {@code dimensions}, fail it with a {@link
 * BadResponseException}. Thread-safe.
 */
final class EmbeddingBatches {

  private final OpenAiCompatibleClient client;
  private final EmbeddingRequest request;
  private final String model;
  private final int batchSize;
  private final int batches;
  private final float[][] vectors;
  private final CompletableFuture<EmbeddingResponse> result = new CompletableFuture<>();
  private final List<Exchange<?>> running = new ArrayList<>();
  private final long start = System.nanoTime();
  private int nextBatch;
  private int finishedBatches;
  private int promptTokens;
  private int attempts;
  private boolean usageEstimated;
  private String servedModel = "";

  EmbeddingBatches(OpenAiCompatibleClient client, EmbeddingRequest request, String model) {
    this.client = client;
    this.request = request;
    this.model = model;
    this.batchSize = client.connection().settings().embeddingBatchSize();
    this.batches = (request.inputs().size() + batchSize - 1) / batchSize;
    this.vectors = new float[request.inputs().size()][];
  }

  /** Starts the batches; cancelling the returned future cancels those still running. */
  CompletableFuture<EmbeddingResponse> run() {
    var unused =
        result.whenComplete(
            (value, error) -> {
              if (result.isCancelled()) {
                cancelRunning("the call was cancelled by the caller");
              }
            });
    int parallel = Math.min(batches, client.connection().settings().embeddingConcurrency());
    for (int i = 0; i < parallel; i++) {
      startNext();
    }
    return result;
  }

  private void startNext() {
    int batch;
    synchronized (this) {
      if (result.isDone() || nextBatch >= batches) {
        return;
      }
      batch = nextBatch++;
    }
    int from = batch * batchSize;
    List<String> inputs =
        request.inputs().subList(from, Math.min(request.inputs().size(), from + batchSize));
    Exchange<OpenAiJson.Embeddings> exchange = client.embedBatch(request, model, inputs);
    synchronized (this) {
      running.add(exchange);
    }
    var unused =
        exchange
            .start()
            .whenComplete(
                (done, error) -> {
                  synchronized (this) {
                    running.remove(exchange);
                  }
                  if (error != null) {
                    fail(error);
                  } else {
                    accept(from, done, exchange.attemptCount());
                    startNext();
                  }
                });
  }

  private void accept(int from, OpenAiJson.Embeddings embeddings, int batchAttempts) {
    boolean complete;
    synchronized (this) {
      List<float[]> batchVectors = embeddings.vectors();
      for (int i = 0; i < batchVectors.size(); i++) {
        vectors[from + i] = batchVectors.get(i);
      }
      attempts += batchAttempts;
      if (servedModel.isEmpty()) {
        servedModel = embeddings.model();
      }
      if (embeddings.usage().isPresent()) {
        promptTokens += embeddings.usage().get().promptTokens();
      } else {
        usageEstimated = true;
        for (String input : request.inputs().subList(from, from + batchVectors.size())) {
          promptTokens += OpenAiCompatibleClient.estimateTokens(input.length());
        }
      }
      finishedBatches++;
      complete = finishedBatches == batches;
    }
    if (complete) {
      finish();
    }
  }

  private void finish() {
    int dimension = vectors[0].length;
    for (int i = 1; i < vectors.length; i++) {
      if (vectors[i].length != dimension) {
        fail(
            new BadResponseException(
                "the server returned vectors of different lengths in one answer ("
                    + dimension
                    + " dimensions for input 0, "
                    + vectors[i].length
                    + " for input "
                    + i
                    + ")",
                200,
                "dimension_mismatch"));
        return;
      }
    }
    if (request.dimensions() != null && dimension != request.dimensions()) {
      fail(
          BadResponseException.dimensionMismatch(
              request.dimensions(), dimension, "the requested dimensions"));
      return;
    }
    CallMetrics metrics =
        new CallMetrics(
            Duration.ofNanos(System.nanoTime() - start),
            Duration.ofNanos(System.nanoTime() - start),
            attempts);
    result.complete(
        new EmbeddingResponse(
            servedModel.isEmpty() ? model : servedModel,
            Arrays.asList(vectors),
            new Usage(promptTokens, 0, promptTokens, usageEstimated),
            metrics));
  }

  private void fail(Throwable error) {
    AiProviderException failure = AiProviderException.of(error);
    if (!result.completeExceptionally(failure)) {
      return;
    }
    cancelRunning("another batch of the same embeddings call failed");
  }

  private void cancelRunning(String why) {
    List<Exchange<?>> others;
    synchronized (this) {
      others = List.copyOf(running);
      running.clear();
    }
    others.forEach(other -> other.cancel(why));
  }
}
