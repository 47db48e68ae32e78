package io.cmsai.embeddings;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Embedding models whose native dimension is known without asking a server, whether they accept a
 * reduced {@code dimensions} request (Matryoshka models), and how many tokens of one input they
 * read. Only dimensions that are certain are listed; any other model is probed (see {@link
 * EmbeddingDimensions}).
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
   * The input limit assumed for a model that is not listed: a BERT-style window of 512 positions
   * less the two special tokens the model adds.
   */
  public static final int DEFAULT_MAX_INPUT_TOKENS = 510;

  /**
   * A known model.
   *
   * @param id the model's usual id
   * @param dimension its native vector length
   * @param reducible whether it accepts a {@code dimensions} request for shorter vectors
   * @param maxInputTokens the tokens of one input its reference implementation reads: the
   *     documented maximum sequence length less the special tokens the model adds (2 for BERT- and
   *     XLM-R-style models, none for OpenAI's); longer inputs are truncated (or refused)
   */
  public record Known(String id, int dimension, boolean reducible, int maxInputTokens) {

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

  /*
   * Input limits (maxInputTokens), from the models' documentation:
   * - OpenAI: 8191 tokens for ada-002 and both -3 models (OpenAI's embeddings guide, as tabled at
   *   https://zilliz.com/ai-models/text-embedding-3-large; Azure OpenAI answers the same at
   *   https://learn.microsoft.com/en-us/answers/questions/1664189); the API reference's "8192" is
   *   the looser figure, so the smaller one is used. Tokenizer cl100k_base (TokenCounters.openAi).
   * - all-MiniLM-L6-v2: sentence-transformers truncates at 256 word pieces (sentence_bert_config.json
   *   "max_seq_length": 256, e.g. the verified copy at
   *   https://huggingface.co/allan56/all-MiniLM-L6-v2/blob/503cd77175404215576dc73e288dc0c2d36bdac0/sentence_bert_config.json),
   *   although BERT's position table has 512: servers that honour that file (vLLM) stop at 256, so
   *   254 text tokens. (The in-process LocalEmbeddingModel reads fewer; see its Javadoc.)
   * - all-MiniLM-L12-v2: "max_seq_length": 128
   *   (https://huggingface.co/nitsuai/ct2fast-all-MiniLM-L12-v2/blob/main/sentence_bert_config.json,
   *   a copy of the original; Pinecone's page says 256): the smaller, 126.
   * - all-mpnet-base-v2: 384 word pieces
   *   (https://aiwiki.ai/wiki/sentence-transformers_all-mpnet-base-v2_model).
   * - bge-*-en-v1.5 512, bge-m3 8192 (BAAI's table, https://docs.api.nvidia.com/nim/reference/baai-bge-m3).
   * - e5-*-v2: "Any long text will be truncated to at most 512 tokens"
   *   (https://docs.sambanova.ai/sambastudio/latest/e5-large.html); multilingual-e5-*: "long texts
   *   will be truncated to 512 tokens" (https://dataloop.ai/library/model/intfloat_multilingual-e5-large/),
   *   the instruct variant has the same XLM-R-large encoder.
   * - nomic-embed-text v1 and v1.5: 8192 (https://gr.tbb.rip/models/nomic-ai/nomic-embed-text-v1.5,
   *   https://baseten.com/library/nomic-embed-v1-5/about). Ollama may serve it with a smaller
   *   context (its num_ctx).
   * - mxbai-embed-large-v1: 512 (https://mixedbread.ai/docs/embeddings/mxbai-embed-large-v1).
   * - snowflake-arctic-embed xs/s/m/l and m-v1.5: 512; m-long: 2048 (8192 only with RoPE scaling
   *   enabled, https://gr.tbb.rip/models/Snowflake/snowflake-arctic-embed-m-long); m-v2.0 and
   *   l-v2.0: 8192 (https://hivebook.wiki/wiki/snowflake-arctic-embed-apache-2-0-multilingual-embedding-family).
   */
  private static final List<Known> MODELS =
      List.of(
          new Known("text-embedding-ada-002", 1536, false, 8191),
          new Known("text-embedding-3-small", 1536, true, 8191),
          new Known("text-embedding-3-large", 3072, true, 8191),
          new Known("all-MiniLM-L6-v2", 384, false, 254),
          new Known("all-MiniLM-L12-v2", 384, false, 126),
          new Known("all-mpnet-base-v2", 768, false, 382),
          new Known("bge-small-en-v1.5", 384, false, 510),
          new Known("bge-base-en-v1.5", 768, false, 510),
          new Known("bge-large-en-v1.5", 1024, false, 510),
          new Known("bge-m3", 1024, false, 8190),
          new Known("e5-small-v2", 384, false, 510),
          new Known("e5-base-v2", 768, false, 510),
          new Known("e5-large-v2", 1024, false, 510),
          new Known("multilingual-e5-small", 384, false, 510),
          new Known("multilingual-e5-base", 768, false, 510),
          new Known("multilingual-e5-large", 1024, false, 510),
          new Known("multilingual-e5-large-instruct", 1024, false, 510),
          new Known("nomic-embed-text-v1", 768, false, 8190),
          new Known("nomic-embed-text-v1.5", 768, true, 8190),
          new Known("mxbai-embed-large-v1", 1024, false, 510),
          new Known("snowflake-arctic-embed-xs", 384, false, 510),
          new Known("snowflake-arctic-embed-s", 384, false, 510),
          new Known("snowflake-arctic-embed-m", 768, false, 510),
          new Known("snowflake-arctic-embed-m-long", 768, false, 2046),
          new Known("snowflake-arctic-embed-l", 1024, false, 510),
          new Known("snowflake-arctic-embed-m-v1.5", 768, true, 510),
          new Known("snowflake-arctic-embed-m-v2.0", 768, true, 8190),
          new Known("snowflake-arctic-embed-l-v2.0", 1024, true, 8190));

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
