package io.cmsai.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingModelsTest {

  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @CsvSource({
    "text-embedding-ada-002, 1536, false",
    "text-embedding-3-small, 1536, true",
    "text-embedding-3-large, 3072, true",
    "openai/text-embedding-3-large, 3072, true",
    "all-MiniLM-L6-v2, 384, false",
    "sentence-transformers/all-MiniLM-L6-v2, 384, false",
    "all-minilm-l6-v2-q, 384, false",
    "all-minilm:latest, 384, false",
    "all-minilm:33m, 384, false",
    "sentence-transformers/all-mpnet-base-v2, 768, false",
    "BAAI/bge-small-en-v1.5, 384, false",
    "BAAI/bge-small-en, 384, false",
    "bge-base-en-v1.5, 768, false",
    "BAAI/bge-base-en, 768, false",
    "BAAI/bge-large-en-v1.5, 1024, false",
    "bge-large:335m, 1024, false",
    "BAAI/bge-m3, 1024, false",
    "bge-m3:567m-fp16, 1024, false",
    "intfloat/e5-small-v2, 384, false",
    "intfloat/e5-small, 384, false",
    "intfloat/e5-base-v2, 768, false",
    "intfloat/e5-large-v2, 1024, false",
    "intfloat/multilingual-e5-small, 384, false",
    "intfloat/multilingual-e5-base, 768, false",
    "intfloat/multilingual-e5-large, 1024, false",
    "intfloat/multilingual-e5-large-instruct, 1024, false",
    "nomic-ai/nomic-embed-text-v1, 768, false",
    "nomic-ai/nomic-embed-text-v1.5, 768, true",
    "nomic-embed-text:latest, 768, true",
    "nomic-embed-text-v1.5.Q8_0.gguf, 768, true",
    "mixedbread-ai/mxbai-embed-large-v1, 1024, false",
    "mxbai-embed-large:latest, 1024, false",
    "Snowflake/snowflake-arctic-embed-xs, 384, false",
    "snowflake-arctic-embed:22m, 384, false",
    "snowflake-arctic-embed:33m, 384, false",
    "snowflake-arctic-embed:110m, 768, false",
    "snowflake-arctic-embed:137m, 768, false",
    "snowflake-arctic-embed:latest, 1024, false",
    "Snowflake/snowflake-arctic-embed-m-v1.5, 768, true",
    "Snowflake/snowflake-arctic-embed-l-v2.0, 1024, true",
    "snowflake-arctic-embed2, 1024, true",
  })
  void finds_known_models(String id, int dimension, boolean reducible) {
    EmbeddingModels.Known known = EmbeddingModels.find(id).orElseThrow();

    assertEquals(dimension, known.dimension());
    assertEquals(reducible, known.reducible());
  }

  @ParameterizedTest(name = "{0} reads {1} tokens")
  @CsvSource({
    "text-embedding-ada-002, 8191",
    "openai/text-embedding-3-small, 8191",
    "text-embedding-3-large, 8191",
    "sentence-transformers/all-MiniLM-L6-v2, 254",
    "all-minilm:33m, 126",
    "all-mpnet-base-v2, 382",
    "BAAI/bge-small-en-v1.5, 510",
    "bge-m3:567m-fp16, 8190",
    "intfloat/e5-large-v2, 510",
    "intfloat/multilingual-e5-large-instruct, 510",
    "nomic-embed-text:latest, 8190",
    "mxbai-embed-large:latest, 510",
    "snowflake-arctic-embed:137m, 2046",
    "snowflake-arctic-embed2, 8190",
  })
  void knows_each_models_input_limit(String id, int maxInputTokens) {
    assertEquals(maxInputTokens, EmbeddingModels.find(id).orElseThrow().maxInputTokens());
  }

  @Test
  void every_listed_model_has_a_plausible_input_limit() {
    for (EmbeddingModels.Known model : EmbeddingModels.all()) {
      assertTrue(
          model.maxInputTokens() >= 126 && model.maxInputTokens() <= 8191,
          model.id() + ": " + model.maxInputTokens());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "  BAAI/BGE-Small-EN-v1.5  ",
        "bge-small-en-v1.5:latest",
        "bge-small-en-v1.5-q8_0",
        "bge-small-en-v1.5-Q4_K_M",
        "bge-small-en-v1.5.f16.gguf",
        "hf.co/CompendiumLabs/bge-small-en-v1.5-gguf:Q8_0",
        "bge-small-en-v1.5-fp16",
        "bge-small-en-v1.5-int8-onnx"
      })
  void ignores_case_prefixes_tags_and_format_suffixes(String id) {
    assertEquals("bge-small-en-v1.5", EmbeddingModels.find(id).orElseThrow().id());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "tiny",
        "llama-3-8b-instruct",
        "my-bge-small-en-v1.5",
        "bge-small-zh-v1.5",
        "e5-mistral-7b",
        "text-embedding-3",
        "q8_0"
      })
  void does_not_guess_unknown_models(String id) {
    assertEquals(Optional.empty(), EmbeddingModels.find(id));
  }

  @Test
  void null_is_unknown() {
    assertEquals(Optional.empty(), EmbeddingModels.find(null));
  }

  @Test
  void reducible_models_honour_a_dimensions_request_up_to_their_native_length() {
    EmbeddingModels.Known small = EmbeddingModels.find("text-embedding-3-small").orElseThrow();

    assertEquals(1536, small.dimension(null));
    assertEquals(512, small.dimension(512));
    assertEquals(1536, small.dimension(1536));
    assertThrows(IllegalArgumentException.class, () -> small.dimension(2048));
  }

  @Test
  void fixed_models_refuse_another_length_with_a_clear_message() {
    EmbeddingModels.Known ada = EmbeddingModels.find("text-embedding-ada-002").orElseThrow();

    assertEquals(1536, ada.dimension(1536));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ada.dimension(512));
    assertEquals(
        "text-embedding-ada-002 always produces 1536 dimensions and does not accept a dimensions"
            + " request of 512",
        e.getMessage());
  }

  @Test
  void every_listed_model_is_found_by_its_own_id_and_ids_are_unique() {
    Set<String> ids = new HashSet<>();
    for (EmbeddingModels.Known model : EmbeddingModels.all()) {
      assertTrue(ids.add(model.id().toLowerCase(Locale.ROOT)), "duplicate " + model.id());
      assertEquals(model, EmbeddingModels.find(model.id()).orElseThrow(), model.id());
    }
  }
}
