package io.cmsai.embeddings;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Embedding models whose native dimension is known without asking a server, and whether they accept
 * a reduced {@code dimensions} request (Matryoshka models). Only dimensions that are certain are
 * listed; any other model is probed (see {@link EmbeddingDimensions}).
 *
 * <p>Ids match tolerantly: case is ignored, and so are an organisation prefix ({@code BAAI/},
 * {@code intfloat/}, {@code sentence-transformers/}, {@code nomic-ai/}, any {@code a/b/} path), an
 * Ollama tag ({@code :latest}, {@code :335m}) and quantisation or format suffixes ({@code -q8_0},
 * {@code .Q4_K_M}, {@code -f16}, {@code -gguf}, {@code .gguf}). A version-less name means the
 * version servers ship today ({@code bge-small-en} → v1.5 dimensions; Ollama's {@code
 * nomic-embed-text} is v1.5). Ollama's {@code snowflake-arctic-embed} tags select the size ({@code
 * :22m} is xs).
 *
 * <p>Immutable and thread-safe.
 */
public final class EmbeddingModels {

  /**
   * A known model.
   *
   * @param id the model's usual id
   * @param dimension its native vector length
   * @param reducible whether it accepts a {@code dimensions} request for shorter vectors
   */
  public record Known(String id, int dimension, boolean reducible) {

    /**
     * The vector length for a request of {@code requested} dimensions.
     *
     * @param requested the {@code dimensions} asked for, or {@code null} for the native length
     * @throws IllegalArgumentException when the model cannot produce that length
     */
    public int dimension(Integer requested) {
      if (requested == null || requested == dimension) {
        return dimension;
      }
      if (!reducible) {
        throw new IllegalArgumentException(
            id
                + " always produces "
                + dimension
                + " dimensions and does not accept a dimensions request of "
                + requested);
      }
      if (requested < 1 || requested > dimension) {
        throw new IllegalArgumentException(
            id + " can produce 1 to " + dimension + " dimensions, not " + requested);
      }
      return requested;
    }
  }

  private static final List<Known> MODELS =
      List.of(
          new Known("text-embedding-ada-002", 1536, false),
          new Known("text-embedding-3-small", 1536, true),
          new Known("text-embedding-3-large", 3072, true),
          new Known("all-MiniLM-L6-v2", 384, false),
          new Known("all-MiniLM-L12-v2", 384, false),
          new Known("all-mpnet-base-v2", 768, false),
          new Known("bge-small-en-v1.5", 384, false),
          new Known("bge-base-en-v1.5", 768, false),
          new Known("bge-large-en-v1.5", 1024, false),
          new Known("bge-m3", 1024, false),
          new Known("e5-small-v2", 384, false),
          new Known("e5-base-v2", 768, false),
          new Known("e5-large-v2", 1024, false),
          new Known("multilingual-e5-small", 384, false),
          new Known("multilingual-e5-base", 768, false),
          new Known("multilingual-e5-large", 1024, false),
          new Known("multilingual-e5-large-instruct", 1024, false),
          new Known("nomic-embed-text-v1", 768, false),
          new Known("nomic-embed-text-v1.5", 768, true),
          new Known("mxbai-embed-large-v1", 1024, false),
          new Known("snowflake-arctic-embed-xs", 384, false),
          new Known("snowflake-arctic-embed-s", 384, false),
          new Known("snowflake-arctic-embed-m", 768, false),
          new Known("snowflake-arctic-embed-m-long", 768, false),
          new Known("snowflake-arctic-embed-l", 1024, false),
          new Known("snowflake-arctic-embed-m-v1.5", 768, true),
          new Known("snowflake-arctic-embed-m-v2.0", 768, true),
          new Known("snowflake-arctic-embed-l-v2.0", 1024, true));

  /** Other names (normalised) of listed models: older versions with the same shape, Ollama's. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("all-minilm", "all-MiniLM-L6-v2"),
          Map.entry("all-minilm:22m", "all-MiniLM-L6-v2"),
          Map.entry("all-minilm:33m", "all-MiniLM-L12-v2"),
          Map.entry("bge-small-en", "bge-small-en-v1.5"),
          Map.entry("bge-base-en", "bge-base-en-v1.5"),
          Map.entry("bge-large-en", "bge-large-en-v1.5"),
          Map.entry("bge-large", "bge-large-en-v1.5"),
          Map.entry("e5-small", "e5-small-v2"),
          Map.entry("e5-base", "e5-base-v2"),
          Map.entry("e5-large", "e5-large-v2"),
          Map.entry("nomic-embed-text", "nomic-embed-text-v1.5"),
          Map.entry("mxbai-embed-large", "mxbai-embed-large-v1"),
          Map.entry("snowflake-arctic-embed", "snowflake-arctic-embed-l"),
          Map.entry("snowflake-arctic-embed:22m", "snowflake-arctic-embed-xs"),
          Map.entry("snowflake-arctic-embed:33m", "snowflake-arctic-embed-s"),
          Map.entry("snowflake-arctic-embed:110m", "snowflake-arctic-embed-m"),
          Map.entry("snowflake-arctic-embed:137m", "snowflake-arctic-embed-m-long"),
          Map.entry("snowflake-arctic-embed:335m", "snowflake-arctic-embed-l"),
          Map.entry("snowflake-arctic-embed2", "snowflake-arctic-embed-l-v2.0"));

  /** A trailing quantisation or file-format marker: -q8_0, .Q4_K_M, -f16, -gguf, .onnx, -q. */
  private static final Pattern FORMAT_SUFFIX =
      Pattern.compile(
          "[-_.](?:i?q\\d(?:_[a-z0-9]+)*|q|f16|fp16|bf16|f32|fp32|int8|int4|gguf|onnx|quantized)$");

  private static final Map<String, Known> BY_NAME = index();

  private EmbeddingModels() {}

  /** The known model that {@code modelId} names, if any. */
  public static Optional<Known> find(String modelId) {
    if (modelId == null || modelId.isBlank()) {
      return Optional.empty();
    }
    String id = modelId.strip().toLowerCase(Locale.ROOT);
    int slash = id.lastIndexOf('/');
    int colon = id.lastIndexOf(':');
    String tag = "";
    if (colon > slash) {
      tag = id.substring(colon + 1);
      id = id.substring(0, colon);
    }
    String name = withoutFormatSuffixes(id.substring(id.lastIndexOf('/') + 1));
    String size = tag.split("-", 2)[0];
    Known tagged = size.isEmpty() ? null : BY_NAME.get(name + ":" + size);
    return Optional.ofNullable(tagged != null ? tagged : BY_NAME.get(name));
  }

  /** Every listed model. */
  public static List<Known> all() {
    return MODELS;
  }

  private static String withoutFormatSuffixes(String name) {
    String stripped = name;
    String previous;
    do {
      previous = stripped;
      stripped = FORMAT_SUFFIX.matcher(stripped).replaceFirst("");
    } while (!stripped.equals(previous) && !stripped.isEmpty());
    return stripped.isEmpty() ? previous : stripped;
  }

  private static Map<String, Known> index() {
    Map<String, Known> byName = new HashMap<>();
    for (Known model : MODELS) {
      byName.put(model.id().toLowerCase(Locale.ROOT), model);
    }
    ALIASES.forEach(
        (alias, id) -> {
          Known model = byName.get(id.toLowerCase(Locale.ROOT));
          if (model == null) {
            throw new IllegalStateException("alias " + alias + " names unknown model " + id);
          }
          byName.put(alias, model);
        });
    return Map.copyOf(byName);
  }
}
