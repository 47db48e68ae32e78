package io.cmsai.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.EmbeddingService;
import io.cmsai.provider.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A remote model's answers are checked against the length the registry lists for it. */
class RemoteEmbeddingModelTest {

  @Test
  void vectors_of_another_length_than_the_registered_one_are_a_bad_response() {
    RemoteEmbeddingModel model =
        new RemoteEmbeddingModel("all-MiniLM-L6-v2", null, answering(768), null);

    BadResponseException error =
        assertThrows(BadResponseException.class, () -> model.embed(List.of("text")));

    assertTrue(error.getMessage().contains("768 dimensions"), error.getMessage());
    assertTrue(
        error.getMessage().contains("registered dimension of all-MiniLM-L6-v2 is 384"),
        error.getMessage());
  }

  @Test
  void vectors_of_the_registered_or_requested_length_pass() {
    assertEquals(
        384,
        new RemoteEmbeddingModel("all-MiniLM-L6-v2", null, answering(384), null)
            .embed(List.of("text"))
            .get(0)
            .length);
    assertEquals(
        256,
        new RemoteEmbeddingModel("text-embedding-3-small", 256, answering(256), null)
            .embed(List.of("text"))
            .get(0)
            .length);
    assertEquals(
        5,
        new RemoteEmbeddingModel("not-in-the-registry", null, answering(5), null)
            .embed(List.of("text"))
            .get(0)
            .length);
  }

  @Test
  void a_reduced_request_answered_at_full_length_is_a_bad_response() {
    RemoteEmbeddingModel model =
        new RemoteEmbeddingModel("text-embedding-3-small", 256, answering(1536), null);

    BadResponseException error =
        assertThrows(BadResponseException.class, () -> model.embed(List.of("text")));

    assertTrue(error.getMessage().contains("is 256"), error.getMessage());
  }

  /** A service whose every vector has {@code length} elements. */
  private static EmbeddingService answering(int length) {
    return new EmbeddingService() {
      @Override
      public EmbeddingResponse embed(EmbeddingRequest request) {
        List<float[]> vectors = request.inputs().stream().map(text -> new float[length]).toList();
        return new EmbeddingResponse(
            request.model(),
            vectors,
            new Usage(1, 0, 1, true),
            new CallMetrics(Duration.ZERO, Duration.ZERO, 1));
      }

      @Override
      public java.util.concurrent.CompletionStage<EmbeddingResponse> embedAsync(
          EmbeddingRequest request) {
        return java.util.concurrent.CompletableFuture.completedFuture(embed(request));
      }

      @Override
      public String model() {
        return "unused";
      }

      @Override
      public int dimension() {
        return length;
      }
    };
  }
}
