package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.embeddings.Dimension;
import io.cmsai.embeddings.EmbeddingDimensions;
import io.cmsai.embeddings.EmbeddingModel;
import io.cmsai.embeddings.EmbeddingModelSelector;
import io.cmsai.embeddings.LocalEmbeddingModel;
import io.cmsai.embeddings.TokenCounter;
import io.cmsai.embeddings.TokenCounters;
import io.cmsai.indexing.internal.Chunker;
import io.cmsai.indexing.internal.ChunkingPolicy;
import io.cmsai.indexing.internal.HtmlText;
import io.cmsai.indexing.internal.TextChunk;
import io.cmsai.platform.DataDirectory;
import io.cmsai.testing.BuiltWar;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside Payara Micro with the real built WAR: the in-process ONNX model loads and embeds
 * there (Payara's Jackson, the WAR's native libraries, DJL's cache under the data directory), the
 * text side of indexing works there (jsoup, the model's tokenizer, jtokkit's vocabularies), and
 * dimension lookups answer without a model server.
 */
@ExtendWith(ArquillianExtension.class)
class EmbeddingsIT {

  @Inject EmbeddingModelSelector selector;
  @Inject LocalEmbeddingModel local;
  @Inject EmbeddingDimensions dimensions;
  @Inject DataDirectory dataDirectory;

  @Deployment
  static WebArchive builtWarWithThisTest() {
    return BuiltWar.archive().addClass(EmbeddingsIT.class);
  }

  @Test
  void the_local_model_loads_and_embeds_inside_the_server() throws Exception {
    EmbeddingModel model = selector.current(); // no embedding model configured
    assertSame(local, model);

    // First use on a thread whose context class loader is not the module's.
    CompletableFuture<List<float[]>> vectors = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                vectors.complete(model.embed(List.of("cat", "kitten", "revenue")));
              } catch (RuntimeException | Error e) {
                vectors.completeExceptionally(e);
              }
            });
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    thread.start();
    List<float[]> v = vectors.get();

    assertEquals(3, v.size());
    assertEquals(384, v.get(0).length);
    assertEquals(1.0, Math.sqrt(dot(v.get(0), v.get(0))), 1e-4);
    assertTrue(dot(v.get(0), v.get(1)) > dot(v.get(0), v.get(2)) + 0.3);
    Path cache = dataDirectory.root().resolve("cache/djl");
    try (Stream<Path> files = Files.walk(cache)) {
      assertTrue(files.anyMatch(p -> p.toString().contains("tokenizers")), "nothing in " + cache);
    }
  }

  @Test
  void the_text_pipeline_runs_inside_the_server() throws Exception {
    // First use on a thread whose context class loader is not the module's, as for the model.
    CompletableFuture<List<TextChunk>> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                TokenCounter counter = local.tokenCounter();
                assertEquals(4, counter.count("Hello, world!"));
                assertEquals(
                    2, TokenCounters.openAi("text-embedding-3-small").count("hello world"));
                String text =
                    HtmlText.toText(
                        "<h1>News</h1><p>The council met.</p>"
                            + "<p>"
                            + "It approved the budget after a long debate. ".repeat(40)
                            + "</p>");
                ChunkingPolicy policy = new ChunkingPolicy(local.maxInputTokens(), 20, 0.3);
                result.complete(new Chunker(counter, policy).chunk("Budget", List.of(), text));
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            });
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    thread.start();
    List<TextChunk> chunks = result.get();

    assertTrue(chunks.size() > 3, chunks.toString());
    for (TextChunk chunk : chunks) {
      assertTrue(chunk.tokens() <= LocalEmbeddingModel.MAX_INPUT_TOKENS, chunk.toString());
      assertTrue(chunk.text().startsWith("Budget\n\n"), chunk.text());
    }
    List<float[]> vectors = local.embed(chunks.stream().map(TextChunk::text).toList());
    assertEquals(chunks.size(), vectors.size());
  }

  @Test
  void dimensions_answer_without_a_model_server() {
    assertEquals(
        Dimension.known(512, Dimension.Source.REGISTRY),
        dimensions.dimension("text-embedding-3-small", 512));

    Dimension unknown = dimensions.dimension("no-such-model");

    assertFalse(unknown.isKnown(), unknown.toString());
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
