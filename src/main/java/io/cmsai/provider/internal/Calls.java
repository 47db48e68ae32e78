package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.CallCancelledException;
import io.cmsai.provider.ProviderConnectionException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Waiting for asynchronous calls and unwrapping their failures. */
public final class Calls {

  private Calls() {}

  /**
   * Waits for {@code stage} (bounded by the call's own timeouts) and returns its value.
   *
   * @throws AiProviderException the call's typed failure
   */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (ExecutionException | CompletionException e) {
      throw failure(e);
    } catch (InterruptedException e) {
      stage.toCompletableFuture().cancel(true);
      Thread.currentThread().interrupt();
      throw new ProviderConnectionException("interrupted while waiting for the server", e);
    } catch (CancellationException e) {
      CallCancelledException cancelled = new CallCancelledException("the call was cancelled", "");
      cancelled.addSuppressed(e);
      throw cancelled;
    }
  }

  /** The {@link AiProviderException} inside a completion failure. */
  public static AiProviderException failure(Throwable error) {
    return AiProviderException.of(error);
  }

  /** {@code error} without its {@link CompletionException} / {@link ExecutionException} layers. */
  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
